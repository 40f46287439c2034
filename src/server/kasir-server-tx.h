/* kasir-server-tx.h — the narrow storage interface the mutation rules are written
 * against: one write transaction of a backend, seen as a handful of operations on the
 * server's records. The rules (kasir-server-apply*.c) hold no SQL and know no backend;
 * a backend (SQLite today) implements these operations inside its own transaction.
 *
 * Every operation returns FALSE only for a storage failure, with @error set; "not
 * found" is an answer (*found FALSE, or a NULL entity), never an error. Strings and
 * entities handed out are owned by the caller.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server-store.h"

G_BEGIN_DECLS

typedef struct _KasirServerTx KasirServerTx;

/* A staff member as the server knows them. */
typedef struct
{
  gboolean  found;
  gint64    outlet_id;
  char     *role;       /* "cashier" | "supervisor" | "manager" */
  char     *name;
  gboolean  active;
} KasirServerStaff;

void kasir_server_staff_clear (KasirServerStaff *self);

/* A shift's row, as the rules need it. */
typedef struct
{
  gboolean  found;
  gint64    outlet_id;
  gint64    staff_id;
  gboolean  closed;
} KasirServerShift;

/* A conflict's row, as its resolution needs it. */
typedef struct
{
  gboolean           found;
  gint64             outlet_id;
  KasirConflictKind  kind;
  char     *status;
  gint64    version;
  char     *entity;
  char     *entity_id;
  char     *server;       /* the server's side as JSON text; NULL when none */
} KasirServerConflictRow;

void kasir_server_conflict_row_clear (KasirServerConflictRow *self);

/* What a sale line checks against: the product's price and whether it is sold. */
typedef struct
{
  gboolean  found;
  gint64    price;
  gint64    price_version;
  gboolean  archived;
} KasirServerPriceState;

/* Where an open order stands (order.open, order.add, and the sale that pays it). */
typedef struct
{
  gboolean  known;
  gboolean  paid;
  gboolean  cancelled;         /* order.cancel: cancelled before it was paid */
  gint64    terminal_id;       /* the till that sent it */
  gint64    paid_terminal_id;  /* paid: the till whose sale paid it */
  gint64    paid_total;        /* paid: that sale's total */
} KasirServerOrderState;

/* What a refund's points need to know of its sale (refpoints): the member, the points it
 * earned and was paid with, and what refunds gave back so far (all of them, as money,
 * and as points). */
typedef struct
{
  gint64      customer_id;        /* 0: none */
  gint64      earned;
  gint64      redeemed;
  KasirMoney  total;
  KasirMoney  paid_by_points;
  KasirMoney  refunded;
  KasirMoney  refunded_as_points;
} KasirServerSalePoints;

/* One new conflict; the ids name the entity as the till and the change log do. */
typedef struct
{
  gint64               outlet_id;
  KasirConflictKind    kind;
  KasirConflictStatus  status;
  const char          *entity;
  const char          *entity_id;
  JsonNode            *base;      /* nullable */
  JsonNode            *terminal;  /* nullable */
  JsonNode            *server;    /* nullable */
  gint64               terminal_id;
  gint64               seq;
} KasirServerNewConflict;

typedef struct
{
  /* The write transaction itself. */
  gboolean (*begin)             (KasirServerTx *tx, GError **error);
  gboolean (*commit)            (KasirServerTx *tx, GError **error);
  void     (*rollback)          (KasirServerTx *tx);

  /* The exactly-once bookkeeping of a push. */
  gboolean (*terminal_last_seq) (KasirServerTx *tx, gint64 terminal_id, gint64 outlet_id,
                                 gint64 *last_seq, GError **error);
  gboolean (*set_last_seq)      (KasirServerTx *tx, gint64 terminal_id, gint64 last_seq,
                                 GError **error);
  gboolean (*load_result)       (KasirServerTx *tx, gint64 terminal_id, gint64 seq,
                                 KasirPushResult **out, GError **error);
  gboolean (*store_result)      (KasirServerTx *tx, gint64 terminal_id,
                                 const KasirMutation *mutation, const KasirPushResult *result,
                                 GError **error);
  /* A nested scope that a rejection undoes (a savepoint). */
  gboolean (*scope_begin)       (KasirServerTx *tx, GError **error);
  gboolean (*scope_undo)        (KasirServerTx *tx, GError **error);
  gboolean (*scope_end)         (KasirServerTx *tx, GError **error);

  /* The change log, history, conflicts and audit. */
  /* @deleted: the entity went away (an archived product): tills drop it. */
  gboolean (*log_change)        (KasirServerTx *tx, const char *entity, const char *entity_id,
                                 gint64 outlet_id, gboolean deleted, GError **error);
  gboolean (*save_history)      (KasirServerTx *tx, const char *entity, gint64 id,
                                 gint64 version, JsonNode *data, GError **error);
  gboolean (*load_history)      (KasirServerTx *tx, const char *entity, gint64 id,
                                 gint64 version, JsonNode **out, GError **error);
  gboolean (*add_conflict)      (KasirServerTx *tx, const KasirServerNewConflict *conflict,
                                 gint64 *out_id, GError **error);
  gboolean (*audit)             (KasirServerTx *tx, const char *actor, const char *action,
                                 const char *detail, GError **error);

  /* People and ownership. @table is "customers", "shifts", "sales" or "conflicts". */
  gboolean (*load_staff)        (KasirServerTx *tx, gint64 staff_id, KasirServerStaff *out,
                                 GError **error);
  gboolean (*outlet_of)         (KasirServerTx *tx, const char *table, const char *id,
                                 gint64 *outlet_id, gboolean *found, GError **error);

  /* Products and stock. A stock level is read for update: the backend holds it until
   * the transaction ends, so that concurrent sales cannot lose an update. */
  gboolean (*load_product)      (KasirServerTx *tx, gint64 id, KasirProduct **out,
                                 GError **error);
  gboolean (*price_state)       (KasirServerTx *tx, gint64 product_id,
                                 KasirServerPriceState *out, GError **error);
  gboolean (*price_at_version)  (KasirServerTx *tx, gint64 product_id, gint64 price_version,
                                 gint64 *price, gboolean *found, GError **error);
  gboolean (*category_exists)   (KasirServerTx *tx, gint64 category_id, gboolean *found,
                                 GError **error);
  /* Writes every field of @product; *taken TRUE (nothing written) when its sku or
   * barcode belongs to another product. */
  gboolean (*update_product)    (KasirServerTx *tx, const KasirProduct *product,
                                 gboolean *taken, GError **error);
  gboolean (*save_price)        (KasirServerTx *tx, gint64 product_id, gint64 price_version,
                                 gint64 price, GError **error);
  gboolean (*stock_get)         (KasirServerTx *tx, gint64 product_id, gint64 outlet_id,
                                 gint64 *qty, GError **error);
  /* Sets the level and logs the change of the stock entity. */
  gboolean (*stock_set)         (KasirServerTx *tx, gint64 product_id, gint64 outlet_id,
                                 gint64 qty, GError **error);

  /* The catalog, for imports. */
  gboolean (*product_by_sku)    (KasirServerTx *tx, const char *sku, gint64 *id, gboolean *found,
                                 GError **error);
  /* The SKU of another product than @sku that has @barcode; *other_sku NULL when none. */
  gboolean (*barcode_owner)     (KasirServerTx *tx, const char *barcode, const char *sku,
                                 char **other_sku, GError **error);
  /* Sets @product's id. */
  gboolean (*insert_product)    (KasirServerTx *tx, KasirProduct *product, GError **error);
  gboolean (*category_by_name)  (KasirServerTx *tx, const char *name, gint64 *id,
                                 gboolean *found, GError **error);
  gboolean (*insert_category)   (KasirServerTx *tx, const char *name, gint64 *id,
                                 GError **error);
  /* Appends every outlet's id (gint64), in order. */
  gboolean (*outlet_ids)        (KasirServerTx *tx, GArray *ids, GError **error);
  gboolean (*insert_outlet)     (KasirServerTx *tx, gint64 id, const char *name, GError **error);
  gboolean (*insert_staff)      (KasirServerTx *tx, const KasirServerNewStaff *staff, gint64 *id,
                                 GError **error);

  /* Customers. */
  gboolean (*load_customer)     (KasirServerTx *tx, gint64 id, KasirCustomer **out,
                                 gint64 *outlet_id, GError **error);
  gboolean (*customer_by_client_id) (KasirServerTx *tx, const char *client_id,
                                     gint64 *outlet_id, gboolean *found, GError **error);
  /* The id of @outlet_id's customer a till made with @client_id. */
  gboolean (*customer_id_by_client_id) (KasirServerTx *tx, const char *client_id,
                                        gint64 outlet_id, gint64 *id, gboolean *found,
                                        GError **error);
  /* Sets @customer's id; its points are its opening balance. */
  gboolean (*insert_customer)   (KasirServerTx *tx, KasirCustomer *customer, gint64 outlet_id,
                                 const char *client_id, GError **error);
  gboolean (*update_customer)   (KasirServerTx *tx, const KasirCustomer *customer,
                                 GError **error);
  gboolean (*set_points)        (KasirServerTx *tx, gint64 customer_id, gint64 points,
                                 GError **error);

  /* Sales, refunds and shifts. */
  gboolean (*sale_exists)       (KasirServerTx *tx, const char *sale_id, gboolean *found,
                                 GError **error);
  gboolean (*insert_sale)       (KasirServerTx *tx, const KasirSale *sale, gint64 terminal_id,
                                 gint64 outlet_id, gint64 seq, const char *shift_id,
                                 GError **error);
  gboolean (*sale_total)        (KasirServerTx *tx, const char *sale_id, gint64 *total,
                                 gint64 *outlet_id, gboolean *found, GError **error);
  gboolean (*refund_exists)     (KasirServerTx *tx, const char *refund_id, gboolean *found,
                                 GError **error);
  gboolean (*refunded_total)    (KasirServerTx *tx, const char *sale_id, gint64 *total,
                                 GError **error);
  gboolean (*line_quantities)   (KasirServerTx *tx, const char *sale_id, gint64 product_id,
                                 gint64 *sold, gint64 *returned, GError **error);
  /* What @terminal_id's own earlier refunds of @sale_id gave back: money, and units of
   * @product_id. */
  gboolean (*refunded_by_terminal) (KasirServerTx *tx, const char *sale_id, gint64 terminal_id,
                                    gint64 product_id, gint64 *total, gint64 *qty,
                                    GError **error);
  gboolean (*insert_refund)     (KasirServerTx *tx, const KasirRefund *refund,
                                 gint64 terminal_id, gint64 outlet_id, gint64 seq,
                                 GError **error);
  gboolean (*load_shift)        (KasirServerTx *tx, const char *shift_id,
                                 KasirServerShift *out, GError **error);
  /* The open shift that continues @closed_shift; *id NULL when there is none. */
  gboolean (*continuation_of)   (KasirServerTx *tx, const char *closed_shift, char **id,
                                 GError **error);
  gboolean (*insert_shift)      (KasirServerTx *tx, const char *shift_id, gint64 outlet_id,
                                 gint64 terminal_id, gint64 staff_id, const char *opened_at,
                                 gint64 opening_float, const char *continues_shift,
                                 GError **error);
  gboolean (*close_shift)       (KasirServerTx *tx, const char *shift_id, const char *at,
                                 gint64 counted_cash, const char *counted_json,
                                 const char *expected_json, GError **error);
  /* A pay-in or pay-out of a shift (shift.cash); one with the same cash id already
   * there is left as it is. */
  gboolean (*insert_shift_cash) (KasirServerTx *tx, const KasirShiftCash *cash,
                                 gint64 outlet_id, gint64 terminal_id, gint64 seq,
                                 GError **error);
  /* refpoints: what a refund of this outlet's sale @sale_id needs for its points. */
  gboolean (*sale_points)       (KasirServerTx *tx, const char *sale_id,
                                 KasirServerSalePoints *out, GError **error);
  /* payout: this outlet's setting @key as an integer, @fallback when it is not set. */
  gboolean (*outlet_setting_int) (KasirServerTx *tx, const char *key, gint64 fallback,
                                  gint64 *value, GError **error);

  /* Conflicts under resolution. */
  gboolean (*load_conflict)     (KasirServerTx *tx, gint64 id, KasirServerConflictRow *out,
                                 GError **error);
  gboolean (*resolve_conflict)  (KasirServerTx *tx, gint64 id, const char *resolution_json,
                                 gint64 terminal_id, GError **error);

  /* The back office (staff.upsert): writes @u's name, role and active flag, and its PIN
   * hash when not NULL, as the next version of staff member @staff_id. */
  gboolean (*update_staff_row)  (KasirServerTx *tx, gint64 staff_id, const KasirStaffUpsert *u,
                                 GError **error);
  /* merge_into_existing: the sale and refund lines of product @from count for @into,
   * and @from is archived as its next version. */
  gboolean (*merge_product)     (KasirServerTx *tx, gint64 from, gint64 into, GError **error);
  /* The first outlet after @after (0: from the start) with a stock row of @product_id;
   * *found FALSE when there is none (merge_into_existing moves each outlet's stock). */
  gboolean (*stock_outlet_after) (KasirServerTx *tx, gint64 product_id, gint64 after,
                                  gint64 *outlet_id, gboolean *found, GError **error);
  /* category.upsert: a new name and archived flag as the next version. */
  gboolean (*update_category)   (KasirServerTx *tx, gint64 category_id, const char *name,
                                 gboolean archived, GError **error);

  /* mods: a product's modifier groups as the protocol's JSON array text; *json NULL
   * when it has none. Saving NULL removes them. */
  gboolean (*load_modifiers)    (KasirServerTx *tx, gint64 product_id, char **json,
                                 GError **error);
  gboolean (*save_modifiers)    (KasirServerTx *tx, gint64 product_id, const char *json,
                                 GError **error);

  /* Open orders: where order @order_id of @outlet_id stands; a new order's row
   * (@is_new) or its new total and cart, with the ticket's row; and paid by @sale_id. */
  gboolean (*open_order_state)  (KasirServerTx *tx, gint64 outlet_id, const char *order_id,
                                 KasirServerOrderState *out, GError **error);
  gboolean (*write_open_order)  (KasirServerTx *tx, const KasirOrderSend *order, gboolean is_new,
                                 gint64 terminal_id, gint64 outlet_id, const char *cart_json,
                                 const char *items_json, GError **error);
  gboolean (*pay_open_order)    (KasirServerTx *tx, gint64 outlet_id, const char *order_id,
                                 const char *sale_id, gint64 terminal_id, GError **error);
  /* order.cancel: order @cancel->order_id of @outlet_id is cancelled, by whom and why. */
  gboolean (*cancel_open_order) (KasirServerTx *tx, gint64 outlet_id,
                                 const KasirOrderCancel *cancel, GError **error);

  /* Optional (NULL where a backend gains nothing from it): told, before the new
   * mutations of a batch are applied, the products (gint64) whose price state and stock
   * level, and the sale ids (char *) whose existence, they are about to ask for, so
   * that a backend far from its data can load them in a few queries. The operations
   * above must then answer exactly as they would have without it. */
  gboolean (*preload)           (KasirServerTx *tx, gint64 outlet_id, GArray *product_ids,
                                 GPtrArray *sale_ids, GError **error);
} KasirServerTxClass;

struct _KasirServerTx
{
  const KasirServerTxClass *klass;
};

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KasirServerStaff, kasir_server_staff_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KasirServerConflictRow, kasir_server_conflict_row_clear)

G_END_DECLS
