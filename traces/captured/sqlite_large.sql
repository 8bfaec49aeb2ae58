CREATE TABLE items(id INTEGER PRIMARY KEY, grp INTEGER, price INTEGER, body BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 16000)
INSERT INTO items SELECT i, i % 64, (i * 7919) % 10007, zeroblob(3800) FROM n;
CREATE INDEX items_price ON items(price);
SELECT grp, count(*), sum(price) FROM items GROUP BY grp ORDER BY grp LIMIT 3;
WITH RECURSIVE k(j, x) AS (SELECT 0, 12345 UNION ALL
  SELECT j + 1, (x * 1103515245 + 12345) % 2147483648 FROM k WHERE j < 20000)
SELECT sum(length(body)) FROM k JOIN items ON items.id = 1 + ((x / 65536) % 4000) * ((x / 65536) % 4000) / 1000;
UPDATE items SET price = price + 1 WHERE id % 7 = 0;
SELECT count(*), sum(price) FROM items WHERE price BETWEEN 2000 AND 6000;
