/* kasir-protocol.h — the sync protocol v1 JSON codec, shared by terminal and server.
 *
 * Decoding is strict: a document that lacks a required field, has a field of the wrong
 * type, a negative quantity, a number outside 64 bits, sums that do not add up, nesting
 * deeper than KASIR_PROTOCOL_MAX_DEPTH or an array longer than its limit gives a GError in
 * KASIR_PROTOCOL_ERROR and returns NULL/FALSE: never a crash, never a half-filled object.
 * Unknown fields are ignored. Wire shapes: ../shared/DESIGN.md, "Wire shapes (v1)".
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kasir-models.h"

G_BEGIN_DECLS

#define KASIR_PROTOCOL_VERSION         1
#define KASIR_PROTOCOL_MAX_DEPTH       32       /* objects/arrays nested */
#define KASIR_PROTOCOL_MAX_BODY        (8 * 1024 * 1024)
#define KASIR_PROTOCOL_MAX_MUTATIONS   1000     /* per push */
#define KASIR_PROTOCOL_MAX_CHANGES     5000     /* per pull page */
#define KASIR_PROTOCOL_MAX_LINES       1000     /* per sale */
#define KASIR_PROTOCOL_MAX_PAYMENTS    32       /* per sale */
#define KASIR_PROTOCOL_MAX_MODIFIER_GROUPS  16  /* per product */
#define KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS 32  /* per modifier group */
#define KASIR_PROTOCOL_MAX_SALE_OPTIONS     32  /* chosen on one sale line */

/* What one body may hold, checked by the pre-scan before json-glib builds a tree: a body
 * of 8 MiB of "[{},{},...]" would otherwise become millions of nodes. A till's push of
 * 200 mutations stays far below these. */
#define KASIR_PROTOCOL_MAX_VALUES      200000   /* JSON values (scalars and containers) */
#define KASIR_PROTOCOL_MAX_STRING      65536    /* bytes of one string, escapes included */

/* Bounds of the numbers a mutation carries, so that no sum or difference the server
 * makes of them can leave 64 bits: a quantity (a line's qty, a stock delta, a counted
 * stock figure) is at most 10^9 units either way; an amount of money (prices, totals,
 * payments, points) at most 10^15 minor units (Rp 10^15, $10^13). A stock level, which
 * sums many quantities, is kept within KASIR_PROTOCOL_MAX_STOCK. */
#define KASIR_PROTOCOL_MAX_QTY         G_GINT64_CONSTANT (1000000000)
#define KASIR_PROTOCOL_MAX_AMOUNT      G_GINT64_CONSTANT (1000000000000000)
#define KASIR_PROTOCOL_MAX_STOCK       G_GINT64_CONSTANT (1000000000000000)

#define KASIR_PROTOCOL_ERROR (kasir_protocol_error_quark ())

typedef enum
{
  KASIR_PROTOCOL_ERROR_MALFORMED,     /* not JSON, or not an object where one is needed */
  KASIR_PROTOCOL_ERROR_MISSING_FIELD,
  KASIR_PROTOCOL_ERROR_WRONG_TYPE,
  KASIR_PROTOCOL_ERROR_INVALID_VALUE, /* negative qty, unknown enum, bad uuid/time... */
  KASIR_PROTOCOL_ERROR_OUT_OF_RANGE,  /* number outside 64 bits or its field's range */
  KASIR_PROTOCOL_ERROR_TOO_DEEP,
  KASIR_PROTOCOL_ERROR_TOO_LARGE,     /* body or array over its limit */
  KASIR_PROTOCOL_ERROR_SUMS,          /* totals do not add up */
} KasirProtocolError;

GQuark kasir_protocol_error_quark (void);

/* Parses a body with the depth and size limits checked before json-glib sees it: at most
 * KASIR_PROTOCOL_MAX_BODY bytes, KASIR_PROTOCOL_MAX_DEPTH levels, KASIR_PROTOCOL_MAX_VALUES
 * values, strings of KASIR_PROTOCOL_MAX_STRING bytes, no member name twice in one object
 * (json-glib would keep the last one silently) and no escapes in member names.
 * Returns the root node (any JSON type), or NULL with an error. */
JsonNode *kasir_protocol_parse     (const char  *data,
                                    gsize        length,
                                    GError     **error);
/* The same with other caps on the number of values and the length of a string: a signed
 * outbox bundle holds a whole export (more than one push) and carries its body as one
 * string. */
JsonNode *kasir_protocol_parse_limited (const char  *data,
                                        gsize        length,
                                        guint        max_values,
                                        gsize        max_string,
                                        GError     **error);
/* Serialises a node compactly. */
char     *kasir_protocol_to_string (JsonNode    *node,
                                    gsize       *length);

/* ---- Error body: {"error": {"code", "message"}, "expected_seq"?} ---- */
typedef struct
{
  char   *code;          /* "bad_request", "unauthorized", "forbidden", "not_found",
                            "too_large", "unavailable", "seq_gap", "already_resolved"... */
  char   *message;
  gint64  expected_seq;  /* only for seq_gap; 0 otherwise */
} KasirProtocolErrorBody;

JsonNode               *kasir_protocol_encode_error (const char *code,
                                                     const char *message,
                                                     gint64      expected_seq);
KasirProtocolErrorBody *kasir_protocol_decode_error (JsonNode   *node,
                                                     GError    **error);
void                    kasir_protocol_error_body_free (KasirProtocolErrorBody *self);

/* ---- Health ---- */
typedef struct
{
  char   *status;
  gint64  protocol;
  char   *server_time;
} KasirHealth;

JsonNode    *kasir_protocol_encode_health (const char *server_time);
KasirHealth *kasir_protocol_decode_health (JsonNode *node, GError **error);
void         kasir_health_free            (KasirHealth *self);

/* ---- Enroll ---- */
typedef struct
{
  char *code;
  char *name;
} KasirEnrollRequest;

typedef struct
{
  gint64  terminal_id;
  gint64  outlet_id;
  char   *token;
  char   *name;         /* the name the server gave (unique in the outlet); optional */
} KasirEnrollResponse;

JsonNode            *kasir_protocol_encode_enroll_request  (const KasirEnrollRequest *req);
KasirEnrollRequest  *kasir_protocol_decode_enroll_request  (JsonNode *node, GError **error);
void                 kasir_enroll_request_free             (KasirEnrollRequest *self);
JsonNode            *kasir_protocol_encode_enroll_response (const KasirEnrollResponse *resp);
KasirEnrollResponse *kasir_protocol_decode_enroll_response (JsonNode *node, GError **error);
void                 kasir_enroll_response_free            (KasirEnrollResponse *self);

/* ---- Push ---- */
typedef struct
{
  gint64     terminal_id;
  GPtrArray *mutations;   /* KasirMutation*, seq strictly increasing by one */
} KasirPushRequest;

typedef struct
{
  gint64             seq;
  KasirResultStatus  status;
  GArray            *conflict_ids; /* gint64; empty, never NULL */
  char              *reason;       /* for rejected; NULL otherwise */
} KasirPushResult;

typedef struct
{
  gint64     last_seq;
  GPtrArray *results;     /* KasirPushResult* */
} KasirPushResponse;

KasirPushRequest  *kasir_push_request_new                (void);
void               kasir_push_request_free               (KasirPushRequest *self);
KasirPushResult   *kasir_push_result_new                 (void);
KasirPushResult   *kasir_push_result_copy                (const KasirPushResult *self);
void               kasir_push_result_free                (KasirPushResult *self);
KasirPushResponse *kasir_push_response_new               (void);
void               kasir_push_response_free              (KasirPushResponse *self);

JsonNode          *kasir_protocol_encode_mutation        (const KasirMutation *mutation);
KasirMutation     *kasir_protocol_decode_mutation        (JsonNode *node, GError **error);
JsonNode          *kasir_protocol_encode_push_request    (const KasirPushRequest *req);
KasirPushRequest  *kasir_protocol_decode_push_request    (JsonNode *node, GError **error);
JsonNode          *kasir_protocol_encode_push_result     (const KasirPushResult *result);
KasirPushResult   *kasir_protocol_decode_push_result     (JsonNode *node, GError **error);
JsonNode          *kasir_protocol_encode_push_response   (const KasirPushResponse *resp);
KasirPushResponse *kasir_protocol_decode_push_response   (JsonNode *node, GError **error);

/* ---- Mutation payloads ---- */

/* sale.create: DESIGN.md shape plus optional "tax_inclusive" (default TRUE) and per-line
 * "sku", "name", "tax_rate_bp". Decoding runs kasir_sale_check_sums(). */
JsonNode  *kasir_protocol_encode_sale (const KasirSale *sale);
KasirSale *kasir_protocol_decode_sale (JsonNode *node, GError **error);

/* sale.refund: {"refund_id": uuid, "sale_id": uuid, "reason": str, "staff_id",
 *   "approved_by"?, "lines": [{"product_id", "qty", "amount", "write_off"?, "line_no"?}],
 *   "payments": [{"method", "amount"}], "total": n, "created_at"};
 *   sum(lines.amount) == total == sum(payments). "approved_by" (absent: nobody) names the
 * manager who approved the refund; "write_off": 1 (absent: 0) marks goods that do not go
 * back into stock (damaged); "line_no" (absent: not said) is the sale line it gives back, 1 for
 * the sale's first, so that two lines of one product are told apart. */
typedef struct
{
  gint64     product_id;
  gint64     qty;       /* > 0 */
  KasirMoney amount;    /* >= 0, money returned for this line */
  gint64     write_off; /* 1: the goods are written off, not restocked */
  gint64     line_no;   /* the sale line given back (1 = first), 0: not said */
} KasirRefundLine;

typedef struct
{
  char       *refund_id;
  char       *sale_id;
  char       *reason;
  gint64      staff_id;  /* who gave the money back */
  gint64      approved_by; /* the manager who approved it, 0: none was needed */
  GPtrArray  *lines;     /* KasirRefundLine* */
  GPtrArray  *payments;  /* KasirPayment* */
  KasirMoney  total;
  char       *created_at;
} KasirRefund;

JsonNode    *kasir_protocol_encode_refund (const KasirRefund *refund);
KasirRefund *kasir_protocol_decode_refund (JsonNode *node, GError **error);
void         kasir_refund_free            (KasirRefund *self);

/* shift.open: {"shift_id", "staff_id", "opening_float", "opened_at"}
 * shift.close: {"shift_id", "staff_id", "closed_at", "counted": [{"method", "amount"}],
 *               "expected": [{"method", "amount"}]} */
typedef struct
{
  char       *shift_id;
  gint64      staff_id;
  KasirMoney  opening_float; /* open only */
  char       *at;            /* opened_at or closed_at */
  GPtrArray  *counted;       /* close only: KasirPayment* per method */
  GPtrArray  *expected;      /* close only: KasirPayment* per method (amount may be 0) */
} KasirShiftEvent;

JsonNode        *kasir_protocol_encode_shift_open  (const KasirShiftEvent *ev);
KasirShiftEvent *kasir_protocol_decode_shift_open  (JsonNode *node, GError **error);
JsonNode        *kasir_protocol_encode_shift_close (const KasirShiftEvent *ev);
KasirShiftEvent *kasir_protocol_decode_shift_close (JsonNode *node, GError **error);
void             kasir_shift_event_free            (KasirShiftEvent *self);

/* shift.cash: {"cash_id", "shift_id", "staff_id", "approved_by"?, "direction": "in" |
 *   "out", "reason": "petty_cash" | "float" | "other", "note", "amount" (> 0),
 *   "created_at"} — money put into (pay-in) or taken out of (pay-out) the drawer during a
 *   shift, not a sale. "other" needs a note. "approved_by" names the manager who approved
 *   a pay-out above the shop's limit. */
typedef struct
{
  char       *cash_id;
  char       *shift_id;
  gint64      staff_id;
  gint64      approved_by; /* 0: none was needed */
  char       *direction;   /* "in" | "out" */
  char       *reason;      /* "petty_cash" | "float" | "other" */
  char       *note;
  KasirMoney  amount;      /* > 0 */
  char       *created_at;
} KasirShiftCash;

JsonNode       *kasir_protocol_encode_shift_cash (const KasirShiftCash *cash);
KasirShiftCash *kasir_protocol_decode_shift_cash (JsonNode *node, GError **error);
void            kasir_shift_cash_free            (KasirShiftCash *self);

/* order.open: an order sent to the kitchen before it is paid; order.add: items added to
 * it later (a second ticket).
 *   {"order_id": uuid, "staff_id", "shift_id"?, "label"?, "order_type"?, "order_ref"?,
 *    "ticket_no": str, "items": [{"product_id", "name", "qty", "options"?, "note"?}],
 *    "cart": {...}, "total": n, "created_at"}
 * order.add has no shift, label or order type. "items" is what this ticket asked the
 * kitchen for; "cart" the whole order after it, as the till keeps a cart
 * (kasir_cart_to_json), which another till of the outlet pays; "total" its amount due. */
typedef struct
{
  char       *order_id;
  gint64      staff_id;
  char       *shift_id;
  char       *label;
  char       *order_type;
  char       *order_ref;
  char       *ticket_no;
  GPtrArray  *items;      /* KasirKitchenItem* */
  JsonNode   *cart;       /* an object */
  KasirMoney  total;
  char       *created_at;
} KasirOrderSend;

JsonNode       *kasir_protocol_encode_order_open (const KasirOrderSend *order);
KasirOrderSend *kasir_protocol_decode_order_open (JsonNode *node, GError **error);
JsonNode       *kasir_protocol_encode_order_add  (const KasirOrderSend *order);
KasirOrderSend *kasir_protocol_decode_order_add  (JsonNode *node, GError **error);
void            kasir_order_send_free            (KasirOrderSend *self);

/* order.cancel: an open order cancelled before it was paid (the guest left, the order
 * was a mistake), approved by a manager.
 *   {"order_id": uuid, "staff_id", "approved_by", "reason": str (1 to
 *    KASIR_ORDER_CANCEL_REASON_MAX characters), "created_at"} */
#define KASIR_ORDER_CANCEL_REASON_MAX 120

typedef struct
{
  char   *order_id;
  gint64  staff_id;
  gint64  approved_by;
  char   *reason;
  char   *created_at;
} KasirOrderCancel;

JsonNode         *kasir_protocol_encode_order_cancel (const KasirOrderCancel *cancel);
KasirOrderCancel *kasir_protocol_decode_order_cancel (JsonNode *node, GError **error);
void              kasir_order_cancel_free            (KasirOrderCancel *self);

/* product.update: {"product_id", "base_version", "staff_id", "fields": {"name"?, "price"?,
 *   "barcode"?, "sku"?, "tax_rate_bp"?, "category_id"?, "archived"?, "unit"?, "track_stock"?,
 *   "low_stock"?, "category_name"?}} — at least one field. "category_name" stands for
 *   "category_id" when the category is one a category.upsert earlier in the same till's
 *   queue makes (the till cannot know its id yet); the server finds it by name.
 * customer.upsert: {"customer_id" (0/null = new), "client_id": uuid, "base_version",
 *   "staff_id", "fields": {"name"?, "phone"?, "email"?}}
 * "staff_id" names who made (or, as a manager, approved) the change. */
typedef struct
{
  gint64    entity_id;
  char     *client_id;     /* customer.upsert and product.create only */
  gint64    base_version;
  gint64    staff_id;
  JsonNode *fields;        /* object of the changed fields only, types checked */
} KasirEdit;

JsonNode  *kasir_protocol_encode_product_update  (const KasirEdit *edit);
KasirEdit *kasir_protocol_decode_product_update  (JsonNode *node, GError **error);
/* product.create: {"client_id": uuid, "staff_id", "fields": {"name", "sku", "price",
 *   "barcode"?, "tax_rate_bp"?, "category_id"? or "category_name"?, "archived"?, ...}} — a
 *   product made at a till; the server gives its id. */
JsonNode  *kasir_protocol_encode_product_create  (const KasirEdit *edit);
KasirEdit *kasir_protocol_decode_product_create  (JsonNode *node, GError **error);
JsonNode  *kasir_protocol_encode_customer_upsert (const KasirEdit *edit);
KasirEdit *kasir_protocol_decode_customer_upsert (JsonNode *node, GError **error);
void       kasir_edit_free                       (KasirEdit *self);

/* product.modifiers: {"product_id", "staff_id", "base_groups": [{"id", "version"}],
 *   "groups": [modifier groups, in order]} — a manager's modifier groups of a product,
 *   whole (an empty array removes them all). "base_groups" are the groups the till had
 *   when the edit was made: the server refuses the edit when its own differ (another till
 *   changed them first). Every group and option id lies in its product's (group's) range
 *   (kasir_modifier_groups_check_ids). */
typedef struct
{
  gint64  id;
  gint64  version;
} KasirModifierBase;

typedef struct
{
  gint64     product_id;
  gint64     staff_id;
  GPtrArray *base_groups;  /* KasirModifierBase* */
  GPtrArray *groups;       /* KasirModifierGroup* (kasir-modifier.h) */
} KasirModifierEdit;

JsonNode          *kasir_protocol_encode_product_modifiers (const KasirModifierEdit *edit);
KasirModifierEdit *kasir_protocol_decode_product_modifiers (JsonNode *node, GError **error);
void               kasir_modifier_edit_free                (KasirModifierEdit *self);

/* stock.adjust: {"product_id", "delta" (non-zero, |delta| <= KASIR_PROTOCOL_MAX_QTY),
 *   "reason", "staff_id" (the manager who approved it)} */
typedef struct
{
  gint64  product_id;
  gint64  delta;
  char   *reason;
  gint64  staff_id;
} KasirStockAdjust;

JsonNode         *kasir_protocol_encode_stock_adjust (const KasirStockAdjust *adj);
KasirStockAdjust *kasir_protocol_decode_stock_adjust (JsonNode *node, GError **error);
void              kasir_stock_adjust_free            (KasirStockAdjust *self);

/* conflict.resolve: {"conflict_id", "expected_version", "decision": str,
 *   "note": str|null, "staff_id", "values": {...}|null} */
typedef struct
{
  gint64    conflict_id;
  gint64    expected_version;
  char     *decision;      /* "accept", "counted_stock", "void_sale", "charge_difference",
                              "write_off", "merge", "acknowledge", "keep_both",
                              "merge_into_existing" */
  char     *note;
  gint64    staff_id;
  JsonNode *values;        /* decision-specific object or NULL */
} KasirConflictResolve;

JsonNode             *kasir_protocol_encode_conflict_resolve (const KasirConflictResolve *r);
KasirConflictResolve *kasir_protocol_decode_conflict_resolve (JsonNode *node, GError **error);
void                  kasir_conflict_resolve_free            (KasirConflictResolve *self);

/* staff.upsert: {"staff_id" (0/null = a new staff member), "approved_by" (the manager
 *   who approved it), "name", "role", "active", "pin_hash": an Argon2id string, or null
 *   to keep the PIN (a new staff member needs one)}. The PIN itself never travels. */
typedef struct
{
  gint64    entity_id;
  gint64    approved_by;
  char     *name;
  char     *role;          /* kasir_staff_roles */
  gboolean  active;
  char     *pin_hash;      /* nullable */
} KasirStaffUpsert;

JsonNode         *kasir_protocol_encode_staff_upsert (const KasirStaffUpsert *upsert);
KasirStaffUpsert *kasir_protocol_decode_staff_upsert (JsonNode *node, GError **error);
void              kasir_staff_upsert_free            (KasirStaffUpsert *self);

/* category.upsert: {"category_id" (0/null = a new category), "staff_id" (the manager who
 *   made or approved it), "name", "archived"}. The order of categories is each till's. */
typedef struct
{
  gint64    entity_id;
  gint64    staff_id;
  char     *name;
  gboolean  archived;
} KasirCategoryUpsert;

JsonNode            *kasir_protocol_encode_category_upsert (const KasirCategoryUpsert *upsert);
KasirCategoryUpsert *kasir_protocol_decode_category_upsert (JsonNode *node, GError **error);
void                 kasir_category_upsert_free            (KasirCategoryUpsert *self);

/* ---- Pull ---- */
typedef struct
{
  char     *entity;        /* "product", "category", "stock", "customer", "staff", "shift",
                              "conflict", "setting" */
  char     *id;            /* text form of the id: "42", "42:2" (stock), a UUID */
  gboolean  deleted;       /* op "del" */
  JsonNode *data;          /* object for "put"; may be NULL for "del" */
  /* Filled by kasir_protocol_decode_pull_response() for product, category and stock
   * puts: the decoded KasirProduct / KasirCategory / KasirStock, owned by the change. */
  gpointer       entity_data;
  GDestroyNotify entity_data_free;
} KasirChange;

typedef struct
{
  GPtrArray *changes;      /* KasirChange* */
  gint64     cursor;
  gboolean   has_more;
  gint64     last_seq;
  gboolean   reset;
  gint64     head;         /* optional: the newest change number on the server when the
                              page was read, for progress; 0 when not sent */
} KasirPullResponse;

KasirChange       *kasir_change_new                    (void);
void               kasir_change_free                   (KasirChange *self);
KasirPullResponse *kasir_pull_response_new             (void);
void               kasir_pull_response_free            (KasirPullResponse *self);
JsonNode          *kasir_protocol_encode_pull_response (const KasirPullResponse *resp);
/* Checks every change's data against its entity's shape (below) as well. */
KasirPullResponse *kasir_protocol_decode_pull_response (JsonNode *node, GError **error);
/* Reads a pull page from its text without building a tree: the same checks of the text as
 * kasir_protocol_parse(), and the same result and errors as
 * kasir_protocol_decode_pull_response() on its tree, except that a "put" of a product,
 * category or stock carries only its decoded entity (data is NULL), as after
 * kasir_pull_response_drop_decoded_data(). */
KasirPullResponse *kasir_protocol_read_pull_response   (const char  *data,
                                                        gsize        length,
                                                        GError     **error);
/* Reads a push request from its text without building a tree: the same checks of the
 * text as kasir_protocol_parse(), and the same result and errors as
 * kasir_protocol_decode_push_request() on its tree, except that a sale.create keeps its
 * payload as text (payload_text; payload NULL) for kasir_protocol_read_sale(). */
KasirPushRequest  *kasir_protocol_read_push_request    (const char  *data,
                                                        gsize        length,
                                                        GError     **error);
/* The sale of a payload_text that kasir_protocol_read_push_request() kept: the same sale,
 * and the same errors, as kasir_protocol_decode_sale() on that payload's tree. */
KasirSale         *kasir_protocol_read_sale            (const char  *text,
                                                        gsize        length,
                                                        GError     **error);
/* What the server looks up before it applies a batch, from such a payload_text as it
 * is, decoded or not: its "sale_id" when a string (added to @sale_ids, owned), and the
 * "product_id" of each object in "lines" when an integer (added to @product_ids). */
void               kasir_protocol_read_sale_keys       (const char  *text,
                                                        gsize        length,
                                                        GPtrArray   *sale_ids,
                                                        GArray      *product_ids);
/* A tree of the payload of @mutation, whichever way it is kept (NULL if it has none). */
JsonNode          *kasir_mutation_dup_payload          (const KasirMutation *mutation);
/* The payload of @mutation as kasir_protocol_to_string() writes it, whichever way it is
 * kept. */
char              *kasir_mutation_payload_to_string    (const KasirMutation *mutation);
/* Writes a pull page as text without building a tree: the text of
 * kasir_protocol_to_string (kasir_protocol_encode_pull_response (resp)), byte for byte. A
 * change may hold its entity as a record (entity_data) instead of JSON (data NULL); both
 * writers then write the record. */
char              *kasir_protocol_write_pull_response  (const KasirPullResponse *resp,
                                                        gsize                   *length);
/* Lets go of the JSON data of every change that also holds its decoded entity, so that
 * the tree can be freed by the thread that built it; encoding the page then writes the
 * decoded entities. Returns how many changes let go. */
guint              kasir_pull_response_drop_decoded_data (KasirPullResponse *resp);

/* Entity data in pull changes. */
JsonNode      *kasir_protocol_encode_product  (const KasirProduct *product);
KasirProduct  *kasir_protocol_decode_product  (JsonNode *node, GError **error);
/* A product's modifier groups (KasirModifierGroup*, kasir-modifier.h) as a JSON array,
 * as "modifier_groups" carries them, and back (each group checked); the server keeps
 * them so. */
JsonNode      *kasir_protocol_encode_modifier_groups (GPtrArray *groups);
GPtrArray     *kasir_protocol_decode_modifier_groups (JsonNode  *node,
                                                      GError   **error);
JsonNode      *kasir_protocol_encode_category (const KasirCategory *category);
KasirCategory *kasir_protocol_decode_category (JsonNode *node, GError **error);
JsonNode      *kasir_protocol_encode_stock    (const KasirStock *stock);
KasirStock    *kasir_protocol_decode_stock    (JsonNode *node, GError **error);
JsonNode      *kasir_protocol_encode_customer (const KasirCustomer *customer);
KasirCustomer *kasir_protocol_decode_customer (JsonNode *node, GError **error);
/* Staff data carries pin_hash; it travels only inside the authenticated pull. */
JsonNode      *kasir_protocol_encode_staff    (const KasirStaff *staff);
KasirStaff    *kasir_protocol_decode_staff    (JsonNode *node, GError **error);
JsonNode      *kasir_protocol_encode_shift    (const KasirShift *shift);
KasirShift    *kasir_protocol_decode_shift    (JsonNode *node, GError **error);
JsonNode      *kasir_protocol_encode_conflict (const KasirConflict *conflict);
KasirConflict *kasir_protocol_decode_conflict (JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirProtocolErrorBody, kasir_protocol_error_body_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirHealth, kasir_health_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirModifierEdit, kasir_modifier_edit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirEnrollRequest, kasir_enroll_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirEnrollResponse, kasir_enroll_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirPushRequest, kasir_push_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirPushResult, kasir_push_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirPushResponse, kasir_push_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirRefund, kasir_refund_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirShiftEvent, kasir_shift_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirShiftCash, kasir_shift_cash_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirOrderSend, kasir_order_send_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirOrderCancel, kasir_order_cancel_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirEdit, kasir_edit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirStockAdjust, kasir_stock_adjust_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirConflictResolve, kasir_conflict_resolve_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirStaffUpsert, kasir_staff_upsert_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirCategoryUpsert, kasir_category_upsert_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirChange, kasir_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirPullResponse, kasir_pull_response_free)

G_END_DECLS
