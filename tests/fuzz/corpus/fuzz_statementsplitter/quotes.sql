CREATE TABLE t (a TEXT DEFAULT 'x;y'); -- c;
INSERT INTO t VALUES ($$a;b$$);
