-- A kasir-server database of schema version 2 on PostgreSQL (two outlets, their staff and
-- catalog, three tills, shifts, sales, a refund, a customer, a conflict): the version 1
-- dump (server-v1-pg.sql) opened by the kasir-server of schema version 2, which upgraded
-- it, and dumped with pg_dump --inserts (psql meta-commands left out). Loaded by
-- test-server-upgrade.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at bigint NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    detail text
);


--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


--
-- Name: categories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.categories (
    id bigint NOT NULL,
    name text NOT NULL,
    parent_id bigint DEFAULT 0 NOT NULL,
    archived bigint DEFAULT 0 NOT NULL,
    version bigint DEFAULT 1 NOT NULL
);


--
-- Name: categories_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.categories_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: categories_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.categories_id_seq OWNED BY public.categories.id;


--
-- Name: change_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.change_log (
    entity text NOT NULL,
    entity_id text NOT NULL,
    seq bigint,
    outlet_id bigint NOT NULL,
    op text NOT NULL,
    changed_at bigint NOT NULL
);


--
-- Name: change_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.change_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: conflicts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.conflicts (
    id bigint NOT NULL,
    outlet_id bigint NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    entity text NOT NULL,
    entity_id text NOT NULL,
    base text,
    terminal text,
    server text,
    terminal_id bigint NOT NULL,
    seq bigint NOT NULL,
    created_at text NOT NULL,
    resolution text,
    resolved_by bigint,
    version bigint DEFAULT 1 NOT NULL
);


--
-- Name: conflicts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.conflicts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: conflicts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.conflicts_id_seq OWNED BY public.conflicts.id;


--
-- Name: customers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customers (
    id bigint NOT NULL,
    outlet_id bigint NOT NULL,
    client_id text,
    name text NOT NULL,
    phone text,
    email text,
    loyalty_points bigint DEFAULT 0 NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    member_code text
);


--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.customers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: customers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.customers_id_seq OWNED BY public.customers.id;


--
-- Name: enroll_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.enroll_codes (
    id bigint NOT NULL,
    outlet_id bigint NOT NULL,
    code_hash text NOT NULL,
    expires_at bigint NOT NULL,
    used_at bigint,
    terminal_id bigint
);


--
-- Name: enroll_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.enroll_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: enroll_codes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.enroll_codes_id_seq OWNED BY public.enroll_codes.id;


--
-- Name: entity_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.entity_history (
    entity text NOT NULL,
    entity_id bigint NOT NULL,
    version bigint NOT NULL,
    data text NOT NULL
);


--
-- Name: meta; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.meta (
    key text NOT NULL,
    value text NOT NULL
);


--
-- Name: outlet_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outlet_settings (
    outlet_id bigint NOT NULL,
    key text NOT NULL,
    value text NOT NULL
);


--
-- Name: outlets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outlets (
    id bigint NOT NULL,
    name text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: outlets_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.outlets_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: outlets_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.outlets_id_seq OWNED BY public.outlets.id;


--
-- Name: product_prices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.product_prices (
    product_id bigint NOT NULL,
    price_version bigint NOT NULL,
    price bigint NOT NULL
);


--
-- Name: products; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.products (
    id bigint NOT NULL,
    sku text NOT NULL,
    barcode text,
    name text NOT NULL,
    price bigint NOT NULL,
    price_version bigint DEFAULT 1 NOT NULL,
    tax_rate_bp bigint NOT NULL,
    category_id bigint DEFAULT 0 NOT NULL,
    archived bigint DEFAULT 0 NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    CONSTRAINT products_price_check CHECK ((price >= 0))
);


--
-- Name: products_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.products_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: products_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.products_id_seq OWNED BY public.products.id;


--
-- Name: push_results; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.push_results (
    terminal_id bigint NOT NULL,
    seq bigint NOT NULL,
    mutation_id text NOT NULL,
    type text NOT NULL,
    status text NOT NULL,
    reason text,
    conflict_ids text DEFAULT ''::text NOT NULL,
    payload text,
    received_at bigint NOT NULL,
    outlet_id bigint NOT NULL
);


--
-- Name: refund_lines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.refund_lines (
    refund_id text NOT NULL,
    line_no bigint NOT NULL,
    product_id bigint NOT NULL,
    qty bigint NOT NULL,
    amount bigint NOT NULL,
    outlet_id bigint NOT NULL
);


--
-- Name: refund_payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.refund_payments (
    refund_id text NOT NULL,
    idx bigint NOT NULL,
    method text NOT NULL,
    amount bigint NOT NULL,
    outlet_id bigint NOT NULL
);


--
-- Name: refunds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.refunds (
    id text NOT NULL,
    sale_id text NOT NULL,
    terminal_id bigint NOT NULL,
    outlet_id bigint NOT NULL,
    seq bigint NOT NULL,
    reason text,
    total bigint NOT NULL,
    created_at text NOT NULL
);


--
-- Name: sale_lines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sale_lines (
    sale_id text NOT NULL,
    line_no bigint NOT NULL,
    product_id bigint NOT NULL,
    sku text,
    name text,
    qty bigint NOT NULL,
    unit_price bigint NOT NULL,
    price_version bigint NOT NULL,
    tax_rate_bp bigint NOT NULL,
    discount bigint NOT NULL,
    tax bigint NOT NULL,
    total bigint NOT NULL,
    outlet_id bigint NOT NULL
);


--
-- Name: sale_orders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sale_orders (
    outlet_id bigint NOT NULL,
    sale_id text NOT NULL,
    order_type text NOT NULL,
    order_ref text
);


--
-- Name: sale_payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sale_payments (
    sale_id text NOT NULL,
    idx bigint NOT NULL,
    method text NOT NULL,
    amount bigint NOT NULL,
    reference text,
    outlet_id bigint NOT NULL
);


--
-- Name: sales; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sales (
    id text NOT NULL,
    receipt_no text NOT NULL,
    terminal_id bigint NOT NULL,
    outlet_id bigint NOT NULL,
    seq bigint NOT NULL,
    shift_id text,
    staff_id bigint,
    customer_id bigint,
    currency text NOT NULL,
    tax_inclusive bigint NOT NULL,
    subtotal bigint NOT NULL,
    discount bigint NOT NULL,
    fee bigint NOT NULL,
    tax bigint NOT NULL,
    total bigint NOT NULL,
    change bigint NOT NULL,
    loyalty_redeemed bigint NOT NULL,
    created_at text NOT NULL,
    received_at bigint NOT NULL
);


--
-- Name: shift_cash; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.shift_cash (
    outlet_id bigint NOT NULL,
    id text NOT NULL,
    shift_id text NOT NULL,
    terminal_id bigint NOT NULL,
    seq bigint NOT NULL,
    staff_id bigint NOT NULL,
    approved_by bigint NOT NULL,
    direction text NOT NULL,
    reason text NOT NULL,
    note text NOT NULL,
    amount bigint NOT NULL,
    created_at text NOT NULL
);


--
-- Name: shifts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.shifts (
    id text NOT NULL,
    outlet_id bigint NOT NULL,
    terminal_id bigint NOT NULL,
    staff_id bigint NOT NULL,
    opened_at text NOT NULL,
    closed_at text,
    opening_float bigint DEFAULT 0 NOT NULL,
    counted_cash bigint DEFAULT 0 NOT NULL,
    counted text,
    expected text,
    continues_shift text
);


--
-- Name: staff; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.staff (
    id bigint NOT NULL,
    outlet_id bigint NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    pin_hash text NOT NULL,
    active bigint DEFAULT 1 NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    CONSTRAINT staff_role_check CHECK ((role = ANY (ARRAY['cashier'::text, 'supervisor'::text, 'manager'::text])))
);


--
-- Name: staff_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.staff_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: staff_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.staff_id_seq OWNED BY public.staff.id;


--
-- Name: stock; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stock (
    product_id bigint NOT NULL,
    outlet_id bigint NOT NULL,
    qty bigint NOT NULL
);


--
-- Name: terminal_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.terminal_keys (
    terminal_id bigint NOT NULL,
    public_key text NOT NULL,
    registered_at bigint NOT NULL
);


--
-- Name: terminal_revocations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.terminal_revocations (
    terminal_id bigint NOT NULL,
    revoked_at bigint NOT NULL
);


--
-- Name: terminals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.terminals (
    id bigint NOT NULL,
    outlet_id bigint NOT NULL,
    name text NOT NULL,
    token_hash text NOT NULL,
    enrolled_at bigint NOT NULL,
    last_seq bigint DEFAULT 0 NOT NULL,
    last_push_at bigint DEFAULT 0 NOT NULL
);


--
-- Name: terminals_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.terminals_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: terminals_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.terminals_id_seq OWNED BY public.terminals.id;


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: categories id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories ALTER COLUMN id SET DEFAULT nextval('public.categories_id_seq'::regclass);


--
-- Name: conflicts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conflicts ALTER COLUMN id SET DEFAULT nextval('public.conflicts_id_seq'::regclass);


--
-- Name: customers id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT nextval('public.customers_id_seq'::regclass);


--
-- Name: enroll_codes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enroll_codes ALTER COLUMN id SET DEFAULT nextval('public.enroll_codes_id_seq'::regclass);


--
-- Name: outlets id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outlets ALTER COLUMN id SET DEFAULT nextval('public.outlets_id_seq'::regclass);


--
-- Name: products id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products ALTER COLUMN id SET DEFAULT nextval('public.products_id_seq'::regclass);


--
-- Name: staff id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff ALTER COLUMN id SET DEFAULT nextval('public.staff_id_seq'::regclass);


--
-- Name: terminals id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.terminals ALTER COLUMN id SET DEFAULT nextval('public.terminals_id_seq'::regclass);


--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_log VALUES (1, 1796244000, 'admin', 'database.init', NULL);
INSERT INTO public.audit_log VALUES (2, 1796244000, 'admin', 'outlet.add', 'Outlet Satu');
INSERT INTO public.audit_log VALUES (3, 1796244000, 'admin', 'outlet.add', 'Outlet Dua');
INSERT INTO public.audit_log VALUES (4, 1796244000, 'admin', 'staff.add', 'staff 1 (manager) outlet 1');
INSERT INTO public.audit_log VALUES (5, 1796244000, 'admin', 'staff.add', 'staff 2 (cashier) outlet 1');
INSERT INTO public.audit_log VALUES (6, 1796244000, 'admin', 'staff.add', 'staff 3 (cashier) outlet 1');
INSERT INTO public.audit_log VALUES (7, 1796244000, 'admin', 'staff.add', 'staff 4 (manager) outlet 2');
INSERT INTO public.audit_log VALUES (8, 1796244000, 'admin', 'staff.add', 'staff 5 (cashier) outlet 2');
INSERT INTO public.audit_log VALUES (9, 1796244000, 'admin', 'staff.add', 'staff 6 (cashier) outlet 2');
INSERT INTO public.audit_log VALUES (10, 1796244000, 'admin', 'catalog.import', '4 created, 0 updated');
INSERT INTO public.audit_log VALUES (11, 1796244000, 'admin', 'enroll.code', 'outlet 1');
INSERT INTO public.audit_log VALUES (12, 1796244000, 'enroll', 'terminal.enroll', 'terminal 1 outlet 1');
INSERT INTO public.audit_log VALUES (13, 1796244000, 'admin', 'enroll.code', 'outlet 1');
INSERT INTO public.audit_log VALUES (14, 1796244000, 'enroll', 'terminal.enroll', 'terminal 2 outlet 1');
INSERT INTO public.audit_log VALUES (15, 1796244000, 'admin', 'enroll.code', 'outlet 2');
INSERT INTO public.audit_log VALUES (16, 1796244000, 'enroll', 'terminal.enroll', 'terminal 3 outlet 2');
INSERT INTO public.audit_log VALUES (17, 1796275408, 'admin', 'database.upgrade', 'from schema version 1');


--
-- Data for Name: categories; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.categories VALUES (1, 'Minuman', 0, 0, 1);
INSERT INTO public.categories VALUES (2, 'Makanan Ringan', 0, 0, 1);
INSERT INTO public.categories VALUES (3, 'Mi Instan', 0, 0, 1);


--
-- Data for Name: change_log; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.change_log VALUES ('staff', '1', 1, 1, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('staff', '2', 2, 1, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('staff', '3', 3, 1, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('staff', '4', 4, 2, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('staff', '5', 5, 2, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('staff', '6', 6, 2, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('category', '1', 7, 0, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('product', '1', 8, 0, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('product', '2', 11, 0, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('stock', '2:1', 12, 1, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('stock', '2:2', 13, 2, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('category', '2', 14, 0, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('product', '3', 15, 0, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('category', '3', 18, 0, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('product', '4', 19, 0, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('stock', '4:2', 21, 2, 'put', 1796244000);
INSERT INTO public.change_log VALUES ('stock', '3:1', 31, 1, 'put', 1796244001);
INSERT INTO public.change_log VALUES ('stock', '4:1', 32, 1, 'put', 1796244001);
INSERT INTO public.change_log VALUES ('customer', '1', 33, 1, 'put', 1796244001);
INSERT INTO public.change_log VALUES ('shift', '01a2387c-505d-7d6a-9808-62788ecdcc2d', 34, 1, 'put', 1796244001);
INSERT INTO public.change_log VALUES ('shift', '01a2387c-52a4-7d18-a87d-b6bc0a34c1a9', 35, 1, 'put', 1796244001);
INSERT INTO public.change_log VALUES ('conflict', '1', 36, 1, 'put', 1796244001);
INSERT INTO public.change_log VALUES ('stock', '1:1', 37, 1, 'put', 1796244001);
INSERT INTO public.change_log VALUES ('stock', '1:2', 40, 2, 'put', 1796244001);
INSERT INTO public.change_log VALUES ('stock', '3:2', 41, 2, 'put', 1796244001);


--
-- Data for Name: conflicts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.conflicts VALUES (1, 1, 'shift_closed', 'resolved_by_rule', 'sale', '01a2387c-52a1-734f-912b-d67f26691f4f', NULL, '{"shift_id":"01a2387c-505d-7d6a-9808-62788ecdcc2d","sale_id":"01a2387c-52a1-734f-912b-d67f26691f4f","receipt_no":"1-995933"}', '{"shift_id":"01a2387c-52a4-7d18-a87d-b6bc0a34c1a9","closed_shift_id":"01a2387c-505d-7d6a-9808-62788ecdcc2d"}', 1, 7, '2026-12-02T20:40:01Z', NULL, NULL, 1);


--
-- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.customers VALUES (1, 1, '01a2387c-520c-7155-8383-eb2decdeea69', 'Rina Kusuma', '081234567890', NULL, 0, 1, NULL);


--
-- Data for Name: enroll_codes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.enroll_codes VALUES (1, 1, 'f46ec204561e624cf52909072b8971b325d6e9a97a37fe294408015d46b6168a', 1796244600, 1796244000, 1);
INSERT INTO public.enroll_codes VALUES (2, 1, '51bbd50ee4320d174071d8152b03120ebfb4072a474ff22463ae1bdf78a75416', 1796244600, 1796244000, 2);
INSERT INTO public.enroll_codes VALUES (3, 2, 'd94b088694f21733a330bde8dea5fa1aa4d495d006db5196ae512a50ad94cea8', 1796244600, 1796244000, 3);


--
-- Data for Name: entity_history; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.entity_history VALUES ('product', 1, 1, '{"id":1,"sku":"A-1","barcode":"8991010000017","name":"Air Mineral 600 ml","price":3500,"price_version":1,"tax_rate_bp":1100,"category_id":1,"archived":false,"version":1}');
INSERT INTO public.entity_history VALUES ('product', 2, 1, '{"id":2,"sku":"A-2","barcode":"8991010000024","name":"Teh Manis 350 ml","price":4000,"price_version":1,"tax_rate_bp":1100,"category_id":1,"archived":false,"version":1}');
INSERT INTO public.entity_history VALUES ('product', 3, 1, '{"id":3,"sku":"A-3","barcode":null,"name":"Keripik Kentang 68 g","price":9500,"price_version":1,"tax_rate_bp":1100,"category_id":2,"archived":false,"version":1}');
INSERT INTO public.entity_history VALUES ('product', 4, 1, '{"id":4,"sku":"A-4","barcode":null,"name":"Mi Goreng 85 g","price":3200,"price_version":1,"tax_rate_bp":1100,"category_id":3,"archived":false,"version":1}');
INSERT INTO public.entity_history VALUES ('customer', 1, 1, '{"id":1,"name":"Rina Kusuma","phone":"081234567890","email":null,"loyalty_points":0,"version":1}');


--
-- Data for Name: meta; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.meta VALUES ('pruned_through', '0');
INSERT INTO public.meta VALUES ('head', '41');
INSERT INTO public.meta VALUES ('schema_version', '2');


--
-- Data for Name: outlet_settings; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: outlets; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.outlets VALUES (1, 'Outlet Satu', 1796244000);
INSERT INTO public.outlets VALUES (2, 'Outlet Dua', 1796244000);


--
-- Data for Name: product_prices; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.product_prices VALUES (1, 1, 3500);
INSERT INTO public.product_prices VALUES (2, 1, 4000);
INSERT INTO public.product_prices VALUES (3, 1, 9500);
INSERT INTO public.product_prices VALUES (4, 1, 3200);


--
-- Data for Name: products; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.products VALUES (1, 'A-1', '8991010000017', 'Air Mineral 600 ml', 3500, 1, 1100, 1, 0, 1);
INSERT INTO public.products VALUES (2, 'A-2', '8991010000024', 'Teh Manis 350 ml', 4000, 1, 1100, 1, 0, 1);
INSERT INTO public.products VALUES (3, 'A-3', NULL, 'Keripik Kentang 68 g', 9500, 1, 1100, 2, 0, 1);
INSERT INTO public.products VALUES (4, 'A-4', NULL, 'Mi Goreng 85 g', 3200, 1, 1100, 3, 0, 1);


--
-- Data for Name: push_results; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.push_results VALUES (1, 1, '01a2387c-505d-79db-9652-02e918e677ab', 'shift.open', 'applied', NULL, '', NULL, 1796244000, 1);
INSERT INTO public.push_results VALUES (1, 2, '01a2387c-5082-74cb-a586-38623064b44d', 'sale.create', 'applied', NULL, '', NULL, 1796244001, 1);
INSERT INTO public.push_results VALUES (1, 3, '01a2387c-5141-71ca-972a-edd1fc9d17bd', 'sale.refund', 'applied', NULL, '', NULL, 1796244001, 1);
INSERT INTO public.push_results VALUES (1, 4, '01a2387c-51b5-762c-b4f4-57950b099014', 'sale.create', 'applied', NULL, '', NULL, 1796244001, 1);
INSERT INTO public.push_results VALUES (1, 5, '01a2387c-5202-7dce-92b7-cdca13efa852', 'sale.create', 'applied', NULL, '', NULL, 1796244001, 1);
INSERT INTO public.push_results VALUES (1, 6, '01a2387c-520c-729b-a164-c6b236ab523c', 'customer.upsert', 'applied', NULL, '', NULL, 1796244001, 1);
INSERT INTO public.push_results VALUES (2, 1, '01a2387c-528f-7b1b-951b-a909472377ef', 'shift.close', 'applied', NULL, '', NULL, 1796244001, 1);
INSERT INTO public.push_results VALUES (1, 7, '01a2387c-52a1-70b6-ac44-ea3496587874', 'sale.create', 'applied_with_conflicts', NULL, '1', NULL, 1796244001, 1);
INSERT INTO public.push_results VALUES (3, 1, '01a2387c-52a7-7bed-be15-49857ea1ccc4', 'sale.create', 'applied', NULL, '', NULL, 1796244001, 2);
INSERT INTO public.push_results VALUES (3, 2, '01a2387c-52ac-7f76-b528-41f081a88f06', 'sale.create', 'applied', NULL, '', NULL, 1796244001, 2);


--
-- Data for Name: refund_lines; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.refund_lines VALUES ('01a2387c-5141-7de5-b37d-256c3b48f0ec', 0, 3, 1, 9500, 1);


--
-- Data for Name: refund_payments; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.refund_payments VALUES ('01a2387c-5141-7de5-b37d-256c3b48f0ec', 0, 'cash', 9500, 1);


--
-- Data for Name: refunds; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.refunds VALUES ('01a2387c-5141-7de5-b37d-256c3b48f0ec', '01a2387c-5082-782d-94ec-c1bb9605215e', 1, 1, 3, 'kemasan rusak', 9500, '2026-12-02T20:40:01Z');


--
-- Data for Name: sale_lines; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sale_lines VALUES ('01a2387c-5082-782d-94ec-c1bb9605215e', 0, 1, NULL, NULL, 2, 3500, 1, 1100, 0, 694, 7000, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-5082-782d-94ec-c1bb9605215e', 1, 3, NULL, NULL, 2, 9500, 1, 1100, 0, 1883, 19000, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-5082-782d-94ec-c1bb9605215e', 2, 4, NULL, NULL, 2, 3200, 1, 1100, 0, 634, 6400, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-51b5-76ea-851b-75c53da5fbe9', 0, 1, NULL, NULL, 2, 3500, 1, 1100, 0, 694, 7000, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-51b5-76ea-851b-75c53da5fbe9', 1, 3, NULL, NULL, 2, 9500, 1, 1100, 0, 1883, 19000, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-51b5-76ea-851b-75c53da5fbe9', 2, 4, NULL, NULL, 2, 3200, 1, 1100, 0, 634, 6400, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-5202-7d29-b29a-353e0f8a0603', 0, 1, NULL, NULL, 2, 3500, 1, 1100, 0, 694, 7000, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-5202-7d29-b29a-353e0f8a0603', 1, 3, NULL, NULL, 2, 9500, 1, 1100, 0, 1883, 19000, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-5202-7d29-b29a-353e0f8a0603', 2, 4, NULL, NULL, 2, 3200, 1, 1100, 0, 634, 6400, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-52a1-734f-912b-d67f26691f4f', 0, 1, NULL, NULL, 1, 3500, 1, 1100, 0, 347, 3500, 1);
INSERT INTO public.sale_lines VALUES ('01a2387c-52a7-77e5-b6f3-bee12dc5b5d2', 0, 1, NULL, NULL, 1, 3500, 1, 1100, 0, 347, 3500, 2);
INSERT INTO public.sale_lines VALUES ('01a2387c-52a7-77e5-b6f3-bee12dc5b5d2', 1, 3, NULL, NULL, 1, 9500, 1, 1100, 0, 941, 9500, 2);
INSERT INTO public.sale_lines VALUES ('01a2387c-52ac-7d16-ac10-0842e73fc9fc', 0, 1, NULL, NULL, 1, 3500, 1, 1100, 0, 347, 3500, 2);
INSERT INTO public.sale_lines VALUES ('01a2387c-52ac-7d16-ac10-0842e73fc9fc', 1, 3, NULL, NULL, 1, 9500, 1, 1100, 0, 941, 9500, 2);


--
-- Data for Name: sale_orders; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sale_payments; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sale_payments VALUES ('01a2387c-5082-782d-94ec-c1bb9605215e', 0, 'cash', 32400, NULL, 1);
INSERT INTO public.sale_payments VALUES ('01a2387c-51b5-76ea-851b-75c53da5fbe9', 0, 'cash', 32400, NULL, 1);
INSERT INTO public.sale_payments VALUES ('01a2387c-5202-7d29-b29a-353e0f8a0603', 0, 'cash', 32400, NULL, 1);
INSERT INTO public.sale_payments VALUES ('01a2387c-52a1-734f-912b-d67f26691f4f', 0, 'cash', 3500, NULL, 1);
INSERT INTO public.sale_payments VALUES ('01a2387c-52a7-77e5-b6f3-bee12dc5b5d2', 0, 'cash', 13000, NULL, 2);
INSERT INTO public.sale_payments VALUES ('01a2387c-52ac-7d16-ac10-0842e73fc9fc', 0, 'cash', 13000, NULL, 2);


--
-- Data for Name: sales; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sales VALUES ('01a2387c-5082-782d-94ec-c1bb9605215e', '1-540237', 1, 1, 2, '01a2387c-505d-7d6a-9808-62788ecdcc2d', 2, NULL, 'IDR', 1, 32400, 0, 0, 3211, 32400, 0, 0, '2026-12-02T20:40:00Z', 1796244001);
INSERT INTO public.sales VALUES ('01a2387c-51b5-76ea-851b-75c53da5fbe9', '1-616767', 1, 1, 4, '01a2387c-505d-7d6a-9808-62788ecdcc2d', 2, NULL, 'IDR', 1, 32400, 0, 0, 3211, 32400, 0, 0, '2026-12-02T20:40:01Z', 1796244001);
INSERT INTO public.sales VALUES ('01a2387c-5202-7d29-b29a-353e0f8a0603', '1-772349', 1, 1, 5, '01a2387c-505d-7d6a-9808-62788ecdcc2d', 2, NULL, 'IDR', 1, 32400, 0, 0, 3211, 32400, 0, 0, '2026-12-02T20:40:01Z', 1796244001);
INSERT INTO public.sales VALUES ('01a2387c-52a1-734f-912b-d67f26691f4f', '1-995933', 1, 1, 7, '01a2387c-52a4-7d18-a87d-b6bc0a34c1a9', 2, NULL, 'IDR', 1, 3500, 0, 0, 347, 3500, 0, 0, '2026-12-02T20:40:01Z', 1796244001);
INSERT INTO public.sales VALUES ('01a2387c-52a7-77e5-b6f3-bee12dc5b5d2', '1-479646', 3, 2, 1, NULL, 5, NULL, 'IDR', 1, 13000, 0, 0, 1288, 13000, 0, 0, '2026-12-02T20:40:01Z', 1796244001);
INSERT INTO public.sales VALUES ('01a2387c-52ac-7d16-ac10-0842e73fc9fc', '1-761809', 3, 2, 2, NULL, 5, NULL, 'IDR', 1, 13000, 0, 0, 1288, 13000, 0, 0, '2026-12-02T20:40:01Z', 1796244001);


--
-- Data for Name: shift_cash; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: shifts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.shifts VALUES ('01a2387c-505d-7d6a-9808-62788ecdcc2d', 1, 1, 2, '2026-12-02T20:40:00Z', '2026-12-02T20:40:00Z', 200000, 200000, '[{"method":"cash","amount":200000}]', '[{"method":"cash","amount":200000}]', NULL);
INSERT INTO public.shifts VALUES ('01a2387c-52a4-7d18-a87d-b6bc0a34c1a9', 1, 1, 2, '2026-12-02T20:40:01Z', NULL, 0, 0, NULL, NULL, '01a2387c-505d-7d6a-9808-62788ecdcc2d');


--
-- Data for Name: staff; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.staff VALUES (1, 1, 'Siti Rahayu', 'manager', '$argon2id$test', 1, 1);
INSERT INTO public.staff VALUES (2, 1, 'Budi Santoso', 'cashier', '$argon2id$test', 1, 1);
INSERT INTO public.staff VALUES (3, 1, 'Dewi Lestari', 'cashier', '$argon2id$test', 1, 1);
INSERT INTO public.staff VALUES (4, 2, 'Agus Wijaya', 'manager', '$argon2id$test', 1, 1);
INSERT INTO public.staff VALUES (5, 2, 'Rina Kurniawati', 'cashier', '$argon2id$test', 1, 1);
INSERT INTO public.staff VALUES (6, 2, 'Joko Susilo', 'cashier', '$argon2id$test', 1, 1);


--
-- Data for Name: stock; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.stock VALUES (2, 1, 1);
INSERT INTO public.stock VALUES (2, 2, 1);
INSERT INTO public.stock VALUES (4, 2, 100);
INSERT INTO public.stock VALUES (3, 1, 45);
INSERT INTO public.stock VALUES (4, 1, 94);
INSERT INTO public.stock VALUES (1, 1, 3);
INSERT INTO public.stock VALUES (1, 2, 8);
INSERT INTO public.stock VALUES (3, 2, 48);


--
-- Data for Name: terminal_keys; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: terminal_revocations; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: terminals; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.terminals VALUES (2, 1, 'Till 2', 'a5bf9681dcf5dcb9b38214123166c6efd48bb645cf0d881ca3c0ad8719b6e809', 1796244000, 1, 1796244001);
INSERT INTO public.terminals VALUES (1, 1, 'Till', '4ab7fb64304c7e206cc853a68979a6762b352bfa4ac9a55de1bf0d902e308b74', 1796244000, 7, 1796244001);
INSERT INTO public.terminals VALUES (3, 2, 'Till', 'f8fdf5ebacef6506263d8bd2c8d37998a714df856edab14f41167363c070a529', 1796244000, 2, 1796244001);


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 17, true);


--
-- Name: categories_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.categories_id_seq', 3, true);


--
-- Name: change_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.change_seq', 41, true);


--
-- Name: conflicts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.conflicts_id_seq', 1, true);


--
-- Name: customers_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.customers_id_seq', 1, true);


--
-- Name: enroll_codes_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.enroll_codes_id_seq', 3, true);


--
-- Name: outlets_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.outlets_id_seq', 2, true);


--
-- Name: products_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.products_id_seq', 4, true);


--
-- Name: staff_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.staff_id_seq', 6, true);


--
-- Name: terminals_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.terminals_id_seq', 3, true);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: categories categories_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_name_key UNIQUE (name);


--
-- Name: categories categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_pkey PRIMARY KEY (id);


--
-- Name: change_log change_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.change_log
    ADD CONSTRAINT change_log_pkey PRIMARY KEY (outlet_id, entity, entity_id);


--
-- Name: conflicts conflicts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conflicts
    ADD CONSTRAINT conflicts_pkey PRIMARY KEY (outlet_id, id);


--
-- Name: customers customers_client_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_client_id_key UNIQUE (client_id);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: enroll_codes enroll_codes_code_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enroll_codes
    ADD CONSTRAINT enroll_codes_code_hash_key UNIQUE (code_hash);


--
-- Name: enroll_codes enroll_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enroll_codes
    ADD CONSTRAINT enroll_codes_pkey PRIMARY KEY (id);


--
-- Name: entity_history entity_history_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entity_history
    ADD CONSTRAINT entity_history_pkey PRIMARY KEY (entity, entity_id, version);


--
-- Name: meta meta_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (key);


--
-- Name: outlet_settings outlet_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outlet_settings
    ADD CONSTRAINT outlet_settings_pkey PRIMARY KEY (outlet_id, key);


--
-- Name: outlets outlets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outlets
    ADD CONSTRAINT outlets_pkey PRIMARY KEY (id);


--
-- Name: product_prices product_prices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_prices
    ADD CONSTRAINT product_prices_pkey PRIMARY KEY (product_id, price_version);


--
-- Name: products products_barcode_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_barcode_key UNIQUE (barcode);


--
-- Name: products products_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);


--
-- Name: products products_sku_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_sku_key UNIQUE (sku);


--
-- Name: push_results push_results_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.push_results
    ADD CONSTRAINT push_results_pkey PRIMARY KEY (outlet_id, terminal_id, seq);


--
-- Name: refund_lines refund_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refund_lines
    ADD CONSTRAINT refund_lines_pkey PRIMARY KEY (outlet_id, refund_id, line_no);


--
-- Name: refund_payments refund_payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refund_payments
    ADD CONSTRAINT refund_payments_pkey PRIMARY KEY (outlet_id, refund_id, idx);


--
-- Name: refunds refunds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_pkey PRIMARY KEY (outlet_id, id);


--
-- Name: sale_lines sale_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sale_lines
    ADD CONSTRAINT sale_lines_pkey PRIMARY KEY (outlet_id, sale_id, line_no);


--
-- Name: sale_orders sale_orders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sale_orders
    ADD CONSTRAINT sale_orders_pkey PRIMARY KEY (outlet_id, sale_id);


--
-- Name: sale_payments sale_payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sale_payments
    ADD CONSTRAINT sale_payments_pkey PRIMARY KEY (outlet_id, sale_id, idx);


--
-- Name: sales sales_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales
    ADD CONSTRAINT sales_pkey PRIMARY KEY (outlet_id, id);


--
-- Name: shift_cash shift_cash_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shift_cash
    ADD CONSTRAINT shift_cash_pkey PRIMARY KEY (outlet_id, id);


--
-- Name: shifts shifts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shifts
    ADD CONSTRAINT shifts_pkey PRIMARY KEY (outlet_id, id);


--
-- Name: staff staff_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_pkey PRIMARY KEY (id);


--
-- Name: stock stock_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock
    ADD CONSTRAINT stock_pkey PRIMARY KEY (product_id, outlet_id);


--
-- Name: terminal_keys terminal_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.terminal_keys
    ADD CONSTRAINT terminal_keys_pkey PRIMARY KEY (terminal_id);


--
-- Name: terminal_revocations terminal_revocations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.terminal_revocations
    ADD CONSTRAINT terminal_revocations_pkey PRIMARY KEY (terminal_id);


--
-- Name: terminals terminals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.terminals
    ADD CONSTRAINT terminals_pkey PRIMARY KEY (id);


--
-- Name: terminals terminals_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.terminals
    ADD CONSTRAINT terminals_token_hash_key UNIQUE (token_hash);


--
-- Name: change_log_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX change_log_seq ON public.change_log USING btree (seq);


--
-- Name: change_log_unsequenced; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX change_log_unsequenced ON public.change_log USING btree (entity) WHERE (seq IS NULL);


--
-- Name: conflicts_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX conflicts_id ON public.conflicts USING btree (id);


--
-- Name: conflicts_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX conflicts_status ON public.conflicts USING btree (status);


--
-- Name: refunds_sale; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX refunds_sale ON public.refunds USING btree (outlet_id, sale_id);


--
-- Name: sales_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sales_id ON public.sales USING btree (id);


--
-- Name: shifts_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX shifts_id ON public.shifts USING btree (id);


--
-- Name: enroll_codes enroll_codes_outlet_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enroll_codes
    ADD CONSTRAINT enroll_codes_outlet_id_fkey FOREIGN KEY (outlet_id) REFERENCES public.outlets(id);


--
-- Name: outlet_settings outlet_settings_outlet_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outlet_settings
    ADD CONSTRAINT outlet_settings_outlet_id_fkey FOREIGN KEY (outlet_id) REFERENCES public.outlets(id);


--
-- Name: refund_lines refund_lines_outlet_id_refund_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refund_lines
    ADD CONSTRAINT refund_lines_outlet_id_refund_id_fkey FOREIGN KEY (outlet_id, refund_id) REFERENCES public.refunds(outlet_id, id);


--
-- Name: refund_payments refund_payments_outlet_id_refund_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refund_payments
    ADD CONSTRAINT refund_payments_outlet_id_refund_id_fkey FOREIGN KEY (outlet_id, refund_id) REFERENCES public.refunds(outlet_id, id);


--
-- Name: refunds refunds_outlet_id_sale_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_outlet_id_sale_id_fkey FOREIGN KEY (outlet_id, sale_id) REFERENCES public.sales(outlet_id, id);


--
-- Name: sale_lines sale_lines_outlet_id_sale_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sale_lines
    ADD CONSTRAINT sale_lines_outlet_id_sale_id_fkey FOREIGN KEY (outlet_id, sale_id) REFERENCES public.sales(outlet_id, id);


--
-- Name: sale_payments sale_payments_outlet_id_sale_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sale_payments
    ADD CONSTRAINT sale_payments_outlet_id_sale_id_fkey FOREIGN KEY (outlet_id, sale_id) REFERENCES public.sales(outlet_id, id);


--
-- Name: shift_cash shift_cash_outlet_id_shift_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shift_cash
    ADD CONSTRAINT shift_cash_outlet_id_shift_id_fkey FOREIGN KEY (outlet_id, shift_id) REFERENCES public.shifts(outlet_id, id);


--
-- Name: staff staff_outlet_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_outlet_id_fkey FOREIGN KEY (outlet_id) REFERENCES public.outlets(id);


--
-- Name: terminal_keys terminal_keys_terminal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.terminal_keys
    ADD CONSTRAINT terminal_keys_terminal_id_fkey FOREIGN KEY (terminal_id) REFERENCES public.terminals(id);


--
-- Name: terminal_revocations terminal_revocations_terminal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.terminal_revocations
    ADD CONSTRAINT terminal_revocations_terminal_id_fkey FOREIGN KEY (terminal_id) REFERENCES public.terminals(id);


--
-- Name: terminals terminals_outlet_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.terminals
    ADD CONSTRAINT terminals_outlet_id_fkey FOREIGN KEY (outlet_id) REFERENCES public.outlets(id);


--
-- PostgreSQL database dump complete
--


