-- A steady benchmark for sqlite3: a small store's tables, then four identical rounds of the
-- same query mix (index range scans, a join with grouping, updates), as an OLTP benchmark repeats
-- its transactions.
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, stock INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
INSERT INTO items SELECT i, 'item-' || (i * 7919 % 6007), (i * 37 % 1000) / 10.0, i % 50 FROM n;
CREATE TABLE orders (id INTEGER PRIMARY KEY, item INTEGER, quantity INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
INSERT INTO orders SELECT i, (i * 2654435761) % 6000 + 1, i % 7 + 1 FROM n;
CREATE INDEX items_by_price ON items(price);
CREATE INDEX orders_by_item ON orders(item);
SELECT count(*), avg(price) FROM items WHERE price BETWEEN 20 AND 60;
SELECT i.name, sum(o.quantity) AS sold FROM orders o JOIN items i ON i.id = o.item
  WHERE i.price < 30 GROUP BY i.id ORDER BY sold DESC LIMIT 5;
UPDATE items SET stock = stock - 1 WHERE price BETWEEN 40 AND 45;
SELECT sum(quantity) FROM orders WHERE item BETWEEN 1000 AND 1400;
SELECT count(*), avg(price) FROM items WHERE price BETWEEN 20 AND 60;
SELECT i.name, sum(o.quantity) AS sold FROM orders o JOIN items i ON i.id = o.item
  WHERE i.price < 30 GROUP BY i.id ORDER BY sold DESC LIMIT 5;
UPDATE items SET stock = stock - 1 WHERE price BETWEEN 40 AND 45;
SELECT sum(quantity) FROM orders WHERE item BETWEEN 1000 AND 1400;
SELECT count(*), avg(price) FROM items WHERE price BETWEEN 20 AND 60;
SELECT i.name, sum(o.quantity) AS sold FROM orders o JOIN items i ON i.id = o.item
  WHERE i.price < 30 GROUP BY i.id ORDER BY sold DESC LIMIT 5;
UPDATE items SET stock = stock - 1 WHERE price BETWEEN 40 AND 45;
SELECT sum(quantity) FROM orders WHERE item BETWEEN 1000 AND 1400;
SELECT count(*), avg(price) FROM items WHERE price BETWEEN 20 AND 60;
SELECT i.name, sum(o.quantity) AS sold FROM orders o JOIN items i ON i.id = o.item
  WHERE i.price < 30 GROUP BY i.id ORDER BY sold DESC LIMIT 5;
UPDATE items SET stock = stock - 1 WHERE price BETWEEN 40 AND 45;
SELECT sum(quantity) FROM orders WHERE item BETWEEN 1000 AND 1400;
