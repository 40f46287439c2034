/* kasir-models.h — plain data shared by the terminal and the server.
 *
 * These are plain structs, not GObjects: they are created by the codec, the repositories
 * and the cart, passed around, and freed. Every struct has _new/_free (or _copy) and a
 * g_autoptr cleanup. Strings are owned (g_free), arrays are GPtrArray with a free func.
 *
 * Server ids are positive integers; 0 means "none" (JSON null on the wire).
 * Ids made offline (sale, shift, mutation) are lower-case UUID strings.
 * Times are RFC 3339 UTC strings, e.g. "2026-11-22T08:15:00Z".
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kasir-types.h"

G_BEGIN_DECLS

#define KASIR_MODEL_ERROR (kasir_model_error_quark ())

typedef enum
{
  KASIR_MODEL_ERROR_INVALID,  /* a field has a value the rules forbid */
  KASIR_MODEL_ERROR_SUMS,     /* totals that do not add up */
  KASIR_MODEL_ERROR_OVERFLOW, /* arithmetic would leave 64 bits */
} KasirModelError;

GQuark kasir_model_error_quark (void);

struct _KasirCategory
{
  gint64  id;
  char   *name;
  gint64  parent_id;   /* 0: top level */
  gboolean archived;
  gint64  version;
};

struct _KasirProduct
{
  gint64      id;
  char       *sku;
  char       *barcode;       /* EAN-13/EAN-8/UPC or NULL */
  char       *name;
  KasirMoney  price;         /* per unit, in minor units; tax-inclusive or not per store setting */
  gint64      price_version; /* bumped by the server on every price change */
  guint       tax_rate_bp;   /* basis points: 1100 = 11% */
  gint64      category_id;   /* 0: none */
  gboolean    archived;
  gint64      version;       /* bumped on every change; base_version for edits */
  char       *unit;          /* "pcs", "kg", "cup"; NULL: not said (a server that keeps none) */
  gboolean    track_stock;   /* FALSE: not counted (a service), never low on stock */
  gint64      low_stock;     /* low at or below this many units; -1: the shop's default */
  GPtrArray  *modifier_groups; /* KasirModifierGroup* (kasir-modifier.h) offered when the
                                  product is added, in order; NULL: none */
  char       *category_name; /* only in a product.create or product.update: the category
                                by its name, one that a category.upsert earlier in the same
                                queue makes and whose id the till cannot know yet */
};

struct _KasirStock
{
  gint64 product_id;
  gint64 outlet_id;
  gint64 qty;                /* may be negative: a sale is never refused for stock */
};

struct _KasirCustomer
{
  gint64  id;
  char   *name;
  char   *phone;
  char   *email;
  gint64  loyalty_points;
  gint64  version;
  char   *member_code;  /* printed on the member card; NULL: none */
  char   *client_id;    /* the UUID the till that made it gave it; NULL: none known */
};

struct _KasirStaff
{
  gint64    id;
  gint64    outlet_id;
  char     *name;
  char     *role;            /* kasir_staff_roles: "cashier" | "supervisor" | "manager" */
  char     *pin_hash;        /* libsodium crypto_pwhash_str output; never logged */
  gboolean  active;
};

struct _KasirShift
{
  char       *id;            /* UUID made on the terminal */
  gint64      outlet_id;
  gint64      terminal_id;
  gint64      staff_id;
  char       *opened_at;
  char       *closed_at;     /* NULL while open */
  KasirMoney  opening_float;
  KasirMoney  counted_cash;  /* at close */
};

struct _KasirPayment
{
  KasirPaymentMethod method;
  KasirMoney         amount; /* > 0 */
  char              *reference; /* card approval code, e-wallet id; may be NULL */
};

/* A modifier option chosen on a line, as sold: its price is part of the line's unit
 * price, and the group's version says which price list it came from. */
struct _KasirSaleLineOption
{
  gint64      group_id;
  gint64      group_version;
  gint64      option_id;
  char       *group_name;    /* for the receipt and the kitchen; optional on the wire */
  char       *name;          /* for the receipt and the kitchen; optional on the wire */
  KasirMoney  price;         /* >= 0, per unit, inside unit_price */
};

struct _KasirSaleLine
{
  gint64      product_id;
  char       *sku;           /* for the receipt; optional on the wire */
  char       *name;          /* for the receipt; optional on the wire */
  gint64      qty;           /* > 0 */
  KasirMoney  unit_price;    /* >= 0 */
  gint64      price_version;
  guint       tax_rate_bp;
  KasirMoney  discount;      /* line discount plus its share of the cart discount, >= 0 */
  KasirMoney  tax;           /* tax contained in (inclusive) or added to (exclusive) total */
  KasirMoney  total;         /* qty * unit_price - discount */
  GPtrArray  *options;       /* KasirSaleLineOption* chosen, in the order offered; NULL or
                                empty: none. unit_price includes their prices. */
  char       *note;          /* the cashier's note for the kitchen and the receipt; NULL:
                                none (kasir-cart-note.h) */
};

/* A committed sale. The arithmetic it must satisfy is in kasir_sale_check_sums(). */
struct _KasirSale
{
  char       *sale_id;       /* UUID */
  char       *receipt_no;    /* "<terminal>-<6 digits>", gap-free per terminal */
  char       *shift_id;      /* UUID or NULL */
  gint64      staff_id;      /* 0: none */
  gint64      customer_id;   /* 0: none */
  char        currency[4];   /* ISO 4217, e.g. "IDR" */
  gboolean    tax_inclusive; /* prices include tax (Indonesian retail default) */
  GPtrArray  *lines;         /* KasirSaleLine* */
  GPtrArray  *payments;      /* KasirPayment* */
  KasirMoney  subtotal;      /* sum of line totals */
  KasirMoney  discount;      /* cart-level discount (already spread into line discounts) */
  KasirMoney  fee;           /* cart-level fee, not taxed */
  KasirMoney  tax;           /* sum of line taxes */
  KasirMoney  total;         /* amount due */
  KasirMoney  change;        /* cash handed back */
  gint64      loyalty_redeemed; /* points spent; their money value is the "points" payment */
  gint64      loyalty_earned;   /* points the member earns with this sale */
  char       *customer_client_id; /* a member made on this till, not yet named by the server */
  char       *created_at;
  char       *order_type;    /* NULL or a code of kasir-order-type.h ("dine_in"…) */
  char       *order_ref;     /* a dine-in table, a delivery's reference; NULL: none */
  char       *open_order_id; /* the open order this sale pays (UUID), NULL: none */
};

/* A change the server must learn, as stored in the outbox and sent in a push. */
struct _KasirMutation
{
  gint64             seq;    /* per terminal, from 1, no gaps */
  char              *id;     /* UUID */
  KasirMutationType  type;
  char              *created_at;
  JsonNode          *payload; /* an object; decode with kasir_protocol_decode_*_payload */
  /* A sale.create read by kasir_protocol_read_push_request() keeps its payload as the
   * text the terminal sent (checked, an object) instead, payload NULL: decode it with
   * kasir_protocol_read_sale(). */
  char              *payload_text;
  gsize              payload_length;
};

struct _KasirConflict
{
  gint64               id;
  KasirConflictKind    kind;
  KasirConflictStatus  status;
  char                *entity;       /* "product", "stock", "customer", "shift", "sale" */
  char                *entity_id;    /* text form: "42" or a UUID */
  JsonNode            *base;         /* may be NULL */
  JsonNode            *terminal;     /* may be NULL */
  JsonNode            *server;       /* may be NULL */
  gint64               terminal_id;
  char                *terminal_name; /* that terminal's name, as the server knows it; may be NULL */
  gint64               seq;
  char                *created_at;
  JsonNode            *resolution;   /* NULL while open */
  gint64               version;
};

KasirCategory *kasir_category_new   (void);
KasirCategory *kasir_category_copy  (const KasirCategory *self);
void           kasir_category_free  (KasirCategory *self);
KasirProduct  *kasir_product_new    (void);
KasirProduct  *kasir_product_copy   (const KasirProduct *self);
void           kasir_product_free   (KasirProduct *self);
KasirStock    *kasir_stock_new      (void);
void           kasir_stock_free     (KasirStock *self);
KasirCustomer *kasir_customer_new   (void);
KasirCustomer *kasir_customer_copy  (const KasirCustomer *self);
void           kasir_customer_free  (KasirCustomer *self);
KasirStaff    *kasir_staff_new      (void);
KasirStaff    *kasir_staff_copy     (const KasirStaff *self);
void           kasir_staff_free     (KasirStaff *self);
KasirShift    *kasir_shift_new      (void);
KasirShift    *kasir_shift_copy     (const KasirShift *self);
void           kasir_shift_free     (KasirShift *self);
KasirPayment  *kasir_payment_new    (KasirPaymentMethod method,
                                     KasirMoney         amount);
KasirPayment  *kasir_payment_copy   (const KasirPayment *self);
void           kasir_payment_free   (KasirPayment *self);
KasirSaleLine *kasir_sale_line_new  (void);
KasirSaleLine *kasir_sale_line_copy (const KasirSaleLine *self);
void           kasir_sale_line_free (KasirSaleLine *self);
KasirSaleLineOption *kasir_sale_line_option_new  (void);
KasirSaleLineOption *kasir_sale_line_option_copy (const KasirSaleLineOption *self);
void                 kasir_sale_line_option_free (KasirSaleLineOption *self);
/* A copy of an array of KasirSaleLineOption* (NULL stays NULL). */
GPtrArray           *kasir_sale_line_options_copy (GPtrArray *options);
KasirSale     *kasir_sale_new       (void);
KasirSale     *kasir_sale_copy      (const KasirSale *self);
void           kasir_sale_free      (KasirSale *self);
KasirMutation *kasir_mutation_new   (void);
KasirMutation *kasir_mutation_copy  (const KasirMutation *self);
void           kasir_mutation_free  (KasirMutation *self);
KasirConflict *kasir_conflict_new   (void);
KasirConflict *kasir_conflict_copy  (const KasirConflict *self);
void           kasir_conflict_free  (KasirConflict *self);

/* Checks that a sale is internally consistent, with overflow-checked arithmetic:
 *  - at least one line; every qty > 0, unit_price >= 0, discount >= 0, tax >= 0;
 *  - line.total == qty * unit_price - line.discount, and line.total >= 0;
 *  - subtotal == sum of line.total; tax == sum of line.tax;
 *  - discount >= 0, fee >= 0, change >= 0, loyalty_redeemed >= 0;
 *  - total == subtotal + fee (+ tax when !tax_inclusive); cart discount is already inside
 *    the line discounts, so it is not subtracted again;
 *  - every payment amount > 0; sum(payments) - change == total;
 *  - a "points" payment exactly when loyalty_redeemed > 0; points earned or redeemed
 *    only with a customer_id; loyalty_earned >= 0;
 *  - change <= sum of cash payments (only cash gives change).
 * Returns FALSE with KASIR_MODEL_ERROR_SUMS / _INVALID / _OVERFLOW naming what is wrong. */
gboolean kasir_sale_check_sums (const KasirSale  *sale,
                                GError          **error);

/* A fresh lower-case UUID (v7: time-ordered, then random). */
char    *kasir_uuid_new        (void);
gboolean kasir_uuid_is_valid   (const char *text);
/* The current time as RFC 3339 UTC with seconds ("2026-11-22T08:15:00Z"). */
char    *kasir_now_rfc3339     (void);
gboolean kasir_rfc3339_is_valid (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirCategory, kasir_category_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirProduct, kasir_product_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirStock, kasir_stock_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirCustomer, kasir_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirStaff, kasir_staff_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirShift, kasir_shift_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirPayment, kasir_payment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirSaleLine, kasir_sale_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirSaleLineOption, kasir_sale_line_option_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirSale, kasir_sale_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirMutation, kasir_mutation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirConflict, kasir_conflict_free)

G_END_DECLS
