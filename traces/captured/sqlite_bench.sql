-- A small benchmark for sqlite3: bulk insert, an index, scans, a join, updates and deletes.
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, stock INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
INSERT INTO items SELECT i, 'item-' || (i * 7919 % 4001), (i * 37 % 1000) / 10.0, i % 50 FROM n;
CREATE TABLE orders (id INTEGER PRIMARY KEY, item INTEGER, quantity INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)
INSERT INTO orders SELECT i, (i * 2654435761) % 4000 + 1, i % 7 + 1 FROM n;
CREATE INDEX items_by_price ON items(price);
SELECT count(*), avg(price) FROM items WHERE price BETWEEN 20 AND 60;
SELECT i.name, sum(o.quantity) AS sold FROM orders o JOIN items i ON i.id = o.item
  GROUP BY i.id ORDER BY sold DESC LIMIT 5;
UPDATE items SET stock = stock - 1 WHERE price > 50;
DELETE FROM orders WHERE quantity = 3;
SELECT count(*) FROM orders;
