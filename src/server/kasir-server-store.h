/* kasir-server-store.h — the one storage interface of kasir-server.
 *
 * The routes and the admin command line speak only to this interface; no SQL leaves the
 * backend that implements it. A backend fills a KasirServerStoreVTable; the SQLite backend
 * (kasir-server-store-sqlite.c) is the embedded default, and a PostgreSQL backend can be
 * added by writing another vtable, without touching the routes.
 *
 * Every operation is one database transaction: it either happens entirely or not at all.
 * A transient failure (the database is busy or locked) is KASIR_SERVER_STORE_ERROR_BUSY;
 * the routes answer it with 503 "unavailable" and the terminal retries later.
 *
 * Secrets never reach the store in the clear: enrollment codes and terminal tokens arrive
 * as hashes (kasir_token_hash), staff PINs as Argon2id strings (kasir_pin_hash).
 *
 * What each mutation does (a result is "applied", "applied_with_conflicts" with the new
 * conflict ids, or "rejected" with a reason that starts with a code word). First, for
 * every type: the payload must decode within the protocol's bounds ("invalid ..."), and
 * its staff_id must be an active staff member of the terminal's outlet
 * ("unknown_staff"), a manager for product.update, stock.adjust and conflict.resolve
 * ("forbidden"); see kasir-server-rules.h. Another outlet's sale, shift, customer or
 * conflict reads as unknown, so that no answer tells what exists elsewhere. Only a
 * storage failure is an error of the batch: no mutation can block a queue.
 *  - sale.create: always recorded unless the payload is malformed or its sums are wrong
 *    ("invalid sale: ..."). Beside it, conflicts: stock_shortage (stock went below zero;
 *    open), price_changed (the line's price_version is not the product's; the sale keeps
 *    its price; resolved_by_rule), product_archived (archived or unknown product; open),
 *    shift_closed (the sale moves to a continuation shift; resolved_by_rule),
 *    loyalty_overspent (more points tendered than the customer had: the balance stops at
 *    zero and the conflict holds the shortfall; open). Each of these conflicts names its
 *    sale in its terminal values ("sale_id", "receipt_no"). A sale id seen before is
 *    applied again as a no-op. A cashier, customer or shift the outlet does not have is
 *    dropped from the sale beside an open unknown_reference conflict (the customer's
 *    points do not move). A stock level that would leave ±KASIR_PROTOCOL_MAX_STOCK stays
 *    as it was, with a stock_shortage conflict.
 *  - sale.refund: "unknown_sale" (also another outlet's), "exceeds_sale" (more money or
 *    units than the sale minus earlier refunds), "out_of_range"; puts the units back in
 *    stock. Past the sale after another terminal refunded it: recorded (the money was
 *    given) without restocking, beside an open refunded_twice conflict on the sale.
 *  - shift.open / shift.close: a repeated open is a no-op; closing a closed shift is
 *    applied with reason "already closed"; "unknown_shift".
 *  - shift.cash: "unknown_shift", "shift_closed"; a pay-out's approver must be a manager.
 *  - product.update / customer.upsert: three-way merge against the edit's base_version
 *    (fields changed on one side merge; the same field changed on both sides becomes an
 *    open concurrent_edit conflict with base/terminal/server values and the server's value
 *    stays). "unknown_product", "unknown_customer", "invalid ...". A customer with id 0 is
 *    new (its client_id makes a resend a no-op); loyalty points are never edited.
 *  - stock.adjust: adds the delta to the terminal's outlet's stock; "unknown_product",
 *    "out_of_range" when the level would leave ±KASIR_PROTOCOL_MAX_STOCK.
 *  - product.update also: "unknown_category" for a category_id the server lacks.
 *  - conflict.resolve: the first resolution wins. A later one for a conflict that is no
 *    longer open is REJECTED with reason "already_resolved" and the conflict id in
 *    conflict_ids; the winning resolution (decision, note, values, staff_id, staff_name,
 *    terminal_id, resolved_at) reaches every terminal of the outlet through pull.
 *    "version_mismatch" when expected_version is not the conflict's version;
 *    "unknown_conflict" for another outlet's conflict. The decision "counted_stock" with
 *    values {"qty": n} (0..KASIR_PROTOCOL_MAX_QTY) on a stock conflict sets the stock to n.
 * A rejected mutation changes nothing but its stored result (kept with its payload for the
 * manager, and in the audit log), and it still advances last_seq.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-protocol.h"

G_BEGIN_DECLS

/* The version of the schema both backends make and upgrade older databases to. 2: every
 * table that grows with sales is keyed by outlet_id first. 3: a product's unit, stock
 * counting and low-stock level, its modifier groups, who made a refund and which sale
 * line it gives back, the points a sale earned, open orders and their kitchen tickets. */
#define KASIR_SERVER_SCHEMA_VERSION 3

#define KASIR_SERVER_STORE_ERROR (kasir_server_store_error_quark ())

typedef enum
{
  KASIR_SERVER_STORE_ERROR_FAILED,       /* a storage failure that is not transient */
  KASIR_SERVER_STORE_ERROR_BUSY,         /* transient: busy, locked; retry later */
  KASIR_SERVER_STORE_ERROR_NOT_FOUND,
  KASIR_SERVER_STORE_ERROR_EXISTS,
  KASIR_SERVER_STORE_ERROR_EXPIRED,
  KASIR_SERVER_STORE_ERROR_INVALID,      /* input that breaks a rule; names what */
  KASIR_SERVER_STORE_ERROR_UNAUTHORIZED, /* no terminal with this token */
  KASIR_SERVER_STORE_ERROR_REVOKED,      /* the token's terminal was revoked */
} KasirServerStoreError;

GQuark kasir_server_store_error_quark (void);

typedef struct _KasirServerStore KasirServerStore;

typedef struct
{
  gint64  id;
  char   *name;
} KasirServerOutlet;

void kasir_server_outlet_free (KasirServerOutlet *self);

/* What one pushed mutation came to. */
typedef enum
{
  KASIR_SERVER_PUSH_NEW,       /* applied or rejected now; the result is stored */
  KASIR_SERVER_PUSH_DUPLICATE, /* seq at or below last_seq; the stored result again */
  KASIR_SERVER_PUSH_GAP,       /* seq above last_seq + 1; nothing done */
} KasirServerPushOutcome;

/* One product row of a CSV import. @line is the CSV line it came from, for errors. */
typedef struct
{
  guint       line;
  char       *sku;
  gboolean    has_barcode; /* FALSE: the file had no barcode column; keep what is there */
  char       *barcode;     /* NULL: none */
  char       *name;
  KasirMoney  price;
  guint       tax_rate_bp;
  gboolean    has_category; /* FALSE: no category column; keep what is there */
  char       *category;    /* name; created when missing; NULL: none */
  gboolean    has_stock;
  gint64      stock;       /* absolute quantity on hand */
  gint64      outlet_id;   /* 0: the stock applies to every outlet */
} KasirServerImportRow;

void kasir_server_import_row_free (KasirServerImportRow *self);

typedef struct
{
  gint64    outlet_id;
  char     *name;
  char     *role;          /* "cashier" | "manager" */
  char     *pin_hash;
} KasirServerNewStaff;

typedef struct
{
  gint64  outlet_id;
  char   *name;
  char   *phone;
  char   *email;
  gint64  loyalty_points;
} KasirServerNewCustomer;

/* A whole demo data set, loaded in one transaction. */
typedef struct
{
  GPtrArray *outlets;      /* char* names; outlet ids are 1, 2, ... in this order */
  GPtrArray *products;     /* KasirServerImportRow*; outlet_id 0 */
  GPtrArray *stock;        /* KasirStock*, per product_id (1-based row index) and outlet */
  GPtrArray *staff;        /* KasirServerNewStaff* */
  GPtrArray *customers;    /* KasirServerNewCustomer* */
} KasirServerDemoData;

typedef struct
{
  gint64  terminal_id;
  gint64  outlet_id;
  char   *name;
  gint64  last_seq;
  gint64  last_push_unix; /* 0: never */
} KasirServerTerminalInfo;

void kasir_server_terminal_info_free (KasirServerTerminalInfo *self);

typedef struct
{
  gint64     open_conflicts;
  GPtrArray *terminals;    /* KasirServerTerminalInfo* */
} KasirServerStoreMetrics;

void kasir_server_store_metrics_clear (KasirServerStoreMetrics *self);

typedef struct
{
  void      (*free)              (KasirServerStore *store);
  gboolean  (*add_outlet)        (KasirServerStore *store, const char *name,
                                  gint64 *out_id, GError **error);
  GPtrArray*(*list_outlets)      (KasirServerStore *store, GError **error);
  gboolean  (*add_enroll_code)   (KasirServerStore *store, gint64 outlet_id,
                                  const char *code_hash, gint64 expires_unix,
                                  GError **error);
  gboolean  (*redeem_enroll_code)(KasirServerStore *store, const char *code_hash,
                                  const char *terminal_name, const char *token_hash,
                                  gint64 now_unix, gint64 *terminal_id,
                                  gint64 *outlet_id, char **out_name, GError **error);
  gboolean  (*authenticate)      (KasirServerStore *store, const char *token_hash,
                                  gint64 *terminal_id, gint64 *outlet_id,
                                  GError **error);
  gboolean  (*push)              (KasirServerStore *store, gint64 terminal_id,
                                  gint64 outlet_id, const KasirMutation *mutation,
                                  KasirServerPushOutcome *outcome,
                                  KasirPushResult **result, gint64 *expected_seq,
                                  GError **error);
  gboolean  (*push_batch)        (KasirServerStore *store, gint64 terminal_id,
                                  gint64 outlet_id, GPtrArray *mutations,
                                  GPtrArray *results, GArray *outcomes,
                                  gint64 *expected_seq, GError **error);
  KasirPullResponse *(*pull)     (KasirServerStore *store, gint64 terminal_id,
                                  gint64 outlet_id, gint64 cursor, guint limit,
                                  GError **error);
  gboolean  (*get_metrics)       (KasirServerStore *store, KasirServerStoreMetrics *out,
                                  GError **error);
  gboolean  (*import_products)   (KasirServerStore *store, GPtrArray *rows,
                                  guint *n_created, guint *n_updated, GError **error);
  gboolean  (*load_demo)         (KasirServerStore *store, const KasirServerDemoData *demo,
                                  GError **error);
  gboolean  (*set_modifier_groups) (KasirServerStore *store, gint64 product_id, GPtrArray *groups,
                                    GError **error);
  gboolean  (*prune_tombstones)  (KasirServerStore *store, gint64 older_than_unix,
                                  guint *n_pruned, GError **error);
  gboolean  (*add_staff)         (KasirServerStore *store, const KasirServerNewStaff *staff,
                                  gint64 *out_id, GError **error);
  gboolean  (*register_signing_key)(KasirServerStore *store, gint64 terminal_id,
                                  const char *public_key, GError **error);
  gboolean  (*get_signing_key)   (KasirServerStore *store, gint64 terminal_id,
                                  gint64 *out_outlet_id, char **out_public_key,
                                  GError **error);
  gboolean  (*revoke_terminal)   (KasirServerStore *store, gint64 terminal_id,
                                  GError **error);
  gboolean  (*set_setting)       (KasirServerStore *store, gint64 outlet_id,
                                  const char *key, const char *value, GError **error);
  gboolean  (*update_staff)      (KasirServerStore *store, gint64 staff_id, const char *pin_hash,
                                  int active, GError **error);
  /* The back office's outlet report (kasir-server-report.h). */
  JsonNode *(*report_summary)    (KasirServerStore *store, gint64 outlet_id, gint64 staff_id,
                                  const char *from, const char *to, int utc_offset,
                                  gboolean *forbidden, GError **error);
  /* A sale of the outlet by its receipt number (kasir-server-lookup.h). */
  JsonNode *(*sale_lookup)       (KasirServerStore *store, gint64 outlet_id, const char *receipt,
                                  gboolean *found, GError **error);
  /* The outlet's open orders (kasir-server-open-orders.h). */
  JsonNode *(*open_orders)       (KasirServerStore *store, gint64 outlet_id, GError **error);
} KasirServerStoreVTable;

struct _KasirServerStore
{
  const KasirServerStoreVTable *vtable;
};

/* An outlet's sales summary from @from to @to (local dates YYYY-MM-DD, both included, of
 * a shop @utc_offset minutes east of UTC) as JSON, for the active manager @staff_id of
 * @outlet_id; NULL with *forbidden TRUE for anyone else, or with @error set
 * (kasir-server-report.h). */
JsonNode *kasir_server_store_report_summary (KasirServerStore  *store,
                                             gint64             outlet_id,
                                             gint64             staff_id,
                                             const char        *from,
                                             const char        *to,
                                             int                utc_offset,
                                             gboolean          *forbidden,
                                             GError           **error);

/* Opens the SQLite backend. With @create the file must not exist yet and the schema is
 * made; without it the file must exist. @key: NULL for a plain database, else a SQLCipher
 * passphrase, or x'<64 hex>' for a raw key. */
KasirServerStore *kasir_server_store_sqlite_open (const char  *path,
                                                  const char  *key,
                                                  gboolean     create,
                                                  GError     **error);

/* Opens the PostgreSQL backend at @uri (a libpq connection URI, postgresql://...). With
 * @create the database must hold no kasir-server schema yet and it is made; without it
 * the schema must be there. */
KasirServerStore *kasir_server_store_pg_open    (const char  *uri,
                                                 gboolean     create,
                                                 GError     **error);
/* Whether @db names a PostgreSQL database (a postgresql:// or postgres:// URI) rather
 * than a SQLite file. */
gboolean  kasir_server_store_is_pg_uri          (const char *db);

/* Opens the backend @db names: a postgresql:// URI, else a SQLite file (see
 * kasir_server_store_sqlite_open() for @key; a PostgreSQL database takes no key). */
KasirServerStore *kasir_server_store_open       (const char  *db,
                                                 const char  *key,
                                                 gboolean     create,
                                                 GError     **error);
/* Whether @db already holds a kasir-server database (a file, or a schema). */
gboolean  kasir_server_store_exists             (const char *db);
/* @db for messages and logs: the path, or "PostgreSQL database NAME on HOST" — never a
 * password a URI may hold. */
char     *kasir_server_store_describe           (const char *db);
/* A PostgreSQL URI's database name, usable in a file name ("kasir" when none). */
char     *kasir_server_store_pg_name            (const char *uri);

void      kasir_server_store_free               (KasirServerStore *store);
gboolean  kasir_server_store_add_outlet         (KasirServerStore *store,
                                                 const char       *name,
                                                 gint64           *out_id,
                                                 GError          **error);
/* KasirServerOutlet*, ordered by id. */
GPtrArray*kasir_server_store_list_outlets       (KasirServerStore *store,
                                                 GError          **error);
gboolean  kasir_server_store_add_enroll_code    (KasirServerStore *store,
                                                 gint64            outlet_id,
                                                 const char       *code_hash,
                                                 gint64            expires_unix,
                                                 GError          **error);
/* A code works once and until it expires: NOT_FOUND for an unknown or used code,
 * EXPIRED for an expired one. Makes the terminal with @token_hash, named @terminal_name
 * or, when another terminal of the outlet has that name (or none is given), the first
 * free one after it ("Till 2" when "Till 1" is taken); *@out_name is the name given. */
gboolean  kasir_server_store_redeem_enroll_code (KasirServerStore *store,
                                                 const char       *code_hash,
                                                 const char       *terminal_name,
                                                 const char       *token_hash,
                                                 gint64            now_unix,
                                                 gint64           *terminal_id,
                                                 gint64           *outlet_id,
                                                 char            **out_name,
                                                 GError          **error);
/* The name a new terminal gets when @taken (a set of the outlet's terminal names) holds
 * @wanted: a trailing number counted up ("Till 1" → "Till 2"), else " 2", " 3"… added;
 * "Till 1" onwards for an empty @wanted. For the backends. */
char     *kasir_server_store_free_terminal_name (const char       *wanted,
                                                 GHashTable       *taken);
/* UNAUTHORIZED when no terminal has this token, REVOKED when its terminal was revoked. */
gboolean  kasir_server_store_authenticate       (KasirServerStore *store,
                                                 const char       *token_hash,
                                                 gint64           *terminal_id,
                                                 gint64           *outlet_id,
                                                 GError          **error);
/* Handles one mutation in one transaction, following DESIGN.md: a seq at or below the
 * terminal's last_seq gives the stored result (DUPLICATE), a seq above last_seq + 1 gives
 * GAP, the next seq is applied or rejected and its result stored with the new last_seq
 * (NEW). *result is set for NEW and DUPLICATE. *expected_seq is always the seq the server
 * expects next once this call is over (the terminal's last_seq + 1). */
gboolean  kasir_server_store_push               (KasirServerStore        *store,
                                                 gint64                   terminal_id,
                                                 gint64                   outlet_id,
                                                 const KasirMutation     *mutation,
                                                 KasirServerPushOutcome  *outcome,
                                                 KasirPushResult        **result,
                                                 gint64                  *expected_seq,
                                                 GError                 **error);
/* The mutations of one push, in order, in ONE write transaction (group commit): each
 * mutation still runs under its own savepoint, so its effects, its stored result and the
 * new last_seq go together or not at all, exactly as with kasir_server_store_push(); and
 * the whole batch is durable (synchronous=FULL) before anyone is told about any of it,
 * so an acknowledged mutation is never lost. One fsync per push instead of one per
 * mutation is what lets a terminal drain a long offline queue quickly.
 * Appends one KasirPushResult* to @results and one KasirServerPushOutcome to @outcomes
 * per handled mutation, stopping after a GAP outcome (which has no result). On error
 * nothing of the batch is kept (the terminal resends it) and @results/@outcomes are as
 * they were. */
gboolean  kasir_server_store_push_batch         (KasirServerStore  *store,
                                                 gint64             terminal_id,
                                                 gint64             outlet_id,
                                                 GPtrArray         *mutations,
                                                 GPtrArray         *results,
                                                 GArray            *outcomes,
                                                 gint64            *expected_seq,
                                                 GError           **error);
/* One page of changes after @cursor that the terminal may see. */
KasirPullResponse *kasir_server_store_pull      (KasirServerStore *store,
                                                 gint64            terminal_id,
                                                 gint64            outlet_id,
                                                 gint64            cursor,
                                                 guint             limit,
                                                 GError          **error);
gboolean  kasir_server_store_get_metrics        (KasirServerStore        *store,
                                                 KasirServerStoreMetrics *out,
                                                 GError                 **error);
/* All or nothing: creates products with new SKUs, updates those with known ones. */
gboolean  kasir_server_store_import_products    (KasirServerStore *store,
                                                 GPtrArray        *rows,
                                                 guint            *n_created,
                                                 guint            *n_updated,
                                                 GError          **error);
gboolean  kasir_server_store_load_demo          (KasirServerStore          *store,
                                                 const KasirServerDemoData *demo,
                                                 GError                   **error);
/* mods: sets a product's modifier groups (KasirModifierGroup*, kasir-modifier.h; an id of
 * 0 is given one, versions are set), as a new version of the product that every till
 * pulls. Refused, changing nothing, for an unknown product or a group the rules refuse. */
gboolean  kasir_server_store_set_modifier_groups (KasirServerStore        *store,
                                                  gint64                   product_id,
                                                  GPtrArray               *groups,
                                                  GError                 **error);
/* Drops deletion tombstones recorded before @older_than_unix. A terminal whose cursor is
 * older than the newest dropped tombstone is told to reset. */
gboolean  kasir_server_store_prune_tombstones   (KasirServerStore *store,
                                                 gint64            older_than_unix,
                                                 guint            *n_pruned,
                                                 GError          **error);

/* Adds a staff member to an outlet (NOT_FOUND for an unknown outlet, INVALID for a role
 * other than "cashier" or "manager"); the terminals of the outlet get it through pull. */
gboolean  kasir_server_store_add_staff          (KasirServerStore          *store,
                                                 const KasirServerNewStaff *staff,
                                                 gint64                    *out_id,
                                                 GError                   **error);

/* Sets (or, with @value NULL, removes) an outlet's setting; the outlet's tills get it
 * through pull as entity "setting", id "<outlet>:<key>", data {"outlet_id", "key",
 * "value"}. @key is 1 to 64 of a-z, 0-9, '.', '_' and '-'; @value valid UTF-8 of at most
 * 1,024 bytes (INVALID otherwise); NOT_FOUND for an unknown outlet. */
gboolean  kasir_server_store_set_setting        (KasirServerStore          *store,
                                                 gint64                     outlet_id,
                                                 const char                *key,
                                                 const char                *value,
                                                 GError                   **error);

/* The terminal's Ed25519 public key for signed outbox exports (base64 of 32 bytes; see
 * kasir-outbox-bundle.h). The first registration wins: registering the same key again
 * succeeds, a different one is EXISTS, so a stolen token cannot swap the key. */
gboolean  kasir_server_store_register_signing_key (KasirServerStore *store,
                                                   gint64            terminal_id,
                                                   const char       *public_key,
                                                   GError          **error);
/* NOT_FOUND when the terminal is unknown or has registered no key. */
gboolean  kasir_server_store_get_signing_key      (KasirServerStore *store,
                                                   gint64            terminal_id,
                                                   gint64           *out_outlet_id,
                                                   char            **out_public_key,
                                                   GError          **error);

/* Revokes a terminal's token for good: its requests are answered 401 "revoked" from now
 * on. What it pushed stays. NOT_FOUND for an unknown terminal; revoking twice is fine. */
gboolean  kasir_server_store_revoke_terminal      (KasirServerStore *store,
                                                   gint64            terminal_id,
                                                   GError          **error);

/* Sets a staff member's PIN hash (@pin_hash not NULL) and active flag (@active 0 or 1;
 * -1 leaves it), bumps its version and logs the change, so that every terminal of its
 * outlet gets it through pull: the old PIN stops working there after their next sync.
 * NOT_FOUND for an unknown staff member. */
gboolean  kasir_server_store_update_staff         (KasirServerStore *store,
                                                   gint64            staff_id,
                                                   const char       *pin_hash,
                                                   int               active,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerStore, kasir_server_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerOutlet, kasir_server_outlet_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerImportRow, kasir_server_import_row_free)

/* The sale of @outlet_id whose receipt number is @receipt, with its lines, payments and
 * what was refunded of it, as JSON; NULL with *found FALSE when there is none, or with
 * @error set (kasir-server-lookup.h). */
JsonNode *kasir_server_store_sale_lookup (KasirServerStore  *store,
                                          gint64             outlet_id,
                                          const char        *receipt,
                                          gboolean          *found,
                                          GError           **error);
/* The outlet's open orders as JSON, or NULL with @error (kasir-server-open-orders.h). */
JsonNode *kasir_server_store_open_orders (KasirServerStore  *store,
                                          gint64             outlet_id,
                                          GError           **error);

G_END_DECLS
