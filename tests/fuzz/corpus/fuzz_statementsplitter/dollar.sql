CREATE FUNCTION f() RETURNS trigger AS $body$
BEGIN
  NEW.x := 1;
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql;
/* block; comment */ SELECT 1;
