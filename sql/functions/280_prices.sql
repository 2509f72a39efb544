-- The price list's triggers and lookup (added in 0009; table in sql/schema/280_price_list.sql).

CREATE FUNCTION auxeira.price_list_no_overlap()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT NEW.active THEN
        RETURN NEW;
    END IF;
    -- Serialise writers of one product and currency, so two overlapping rows cannot both pass.
    PERFORM pg_advisory_xact_lock(
        hashtext('auxeira.price_list'), hashtext(NEW.product_code || '/' || NEW.currency));
    IF EXISTS (
        SELECT FROM auxeira.price_list AS p
        WHERE p.product_code = NEW.product_code
          AND p.currency = NEW.currency
          AND p.active
          AND p.id <> NEW.id
          AND tstzrange(p.valid_from, p.valid_to) && tstzrange(NEW.valid_from, NEW.valid_to)) THEN
        RAISE EXCEPTION 'an active price of % in % already covers part of % to %',
            NEW.product_code, NEW.currency, NEW.valid_from, coalesce(NEW.valid_to::text, 'open end')
            USING ERRCODE = 'exclusion_violation',
                  HINT = 'End the current price (valid_to) before adding the next one.';
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.price_list_no_overlap() IS
    'BEFORE INSERT OR UPDATE trigger function of auxeira.price_list: refuses an active price '
    'whose validity overlaps another active price of the same product and currency '
    '(exclusion_violation), under an advisory lock per product and currency.';

CREATE TRIGGER price_list_no_overlap
    BEFORE INSERT OR UPDATE ON auxeira.price_list
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.price_list_no_overlap();

COMMENT ON TRIGGER price_list_no_overlap ON auxeira.price_list IS
    'At most one active price per product and currency at any moment.';

CREATE TRIGGER update_price_list_updated_at
    BEFORE UPDATE ON auxeira.price_list
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_price_list_updated_at ON auxeira.price_list IS
    'Stamps price_list.updated_at with now() on every UPDATE.';

CREATE FUNCTION auxeira.current_price(
    product text, price_currency text, at timestamptz DEFAULT now())
    RETURNS auxeira.price_list
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found_price auxeira.price_list;
BEGIN
    SELECT p.* INTO found_price
    FROM auxeira.price_list AS p
    WHERE p.product_code = product
      AND p.currency = upper(price_currency)
      AND p.active
      AND p.valid_from <= at
      AND (p.valid_to IS NULL OR at < p.valid_to)
    ORDER BY p.valid_from DESC
    LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no list price for % in currency % at %',
            coalesce(product, 'NULL'), coalesce(upper(price_currency), 'NULL'), at
            USING HINT = 'Prices are in auxeira.price_list, maintained by the owner role.';
    END IF;
    RETURN found_price;
END
$$;

COMMENT ON FUNCTION auxeira.current_price(text, text, timestamptz) IS
    'The price_list row in effect for a product and currency at a moment (default now): active '
    'and valid_from <= at < valid_to. Raises (P0001, "no list price") when there is none. '
    'SECURITY INVOKER: services may read the price list.';

CREATE FUNCTION auxeira.price_list_audit()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auxeira.write_audit(
        CASE TG_OP WHEN 'INSERT' THEN 'price added'
                   WHEN 'UPDATE' THEN 'price changed'
                   ELSE 'price removed' END,
        'price_list',
        coalesce(NEW.id, OLD.id)::text,
        CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
        CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.price_list_audit() IS
    'Trigger function (AFTER INSERT OR UPDATE OR DELETE ON price_list): every price change is '
    'written to auxeira.audit_log with the whole row before and after. Only the owner role '
    'writes prices, and it may call auxeira.write_audit().';
