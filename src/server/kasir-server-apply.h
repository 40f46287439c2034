/* kasir-server-apply.h — what each pushed mutation does to the server's records, free of
 * any storage: the rules are written against KasirServerTx (kasir-server-tx.h), one
 * small file per mutation type, and every backend pushes through the same code.
 *
 * The exactly-once rules (kasir-server-store.h): a seq at or below the terminal's
 * last_seq answers the stored result, a gap answers the seq expected, and the next one
 * is applied or rejected with its result stored in the same transaction. Who may make
 * which change is kasir-server-rules.c; the appliers look the person up and ask it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server-merge.h"
#include "kasir-server-rules.h"
#include "kasir-server-store.h"
#include "kasir-server-tx.h"

G_BEGIN_DECLS

/* One mutation being applied. */
typedef struct
{
  KasirServerTx       *tx;
  gint64               terminal_id;
  gint64               outlet_id;
  const KasirMutation *mutation;
  KasirPushResult     *result;
} KasirApply;

/* Applies the mutations of one terminal in order inside the caller's write
 * transaction (which the backend opened on @tx and commits or rolls back after): each
 * new one applied or rejected, a duplicate answered from its stored result, and the
 * first gap ending the batch. @outcomes gets one entry a mutation handled, @results one
 * result a mutation not a gap. On FALSE the caller rolls back. */
gboolean kasir_server_apply_batch (KasirServerTx  *tx,
                                   gint64          terminal_id,
                                   gint64          outlet_id,
                                   GPtrArray      *mutations,
                                   GPtrArray      *results,
                                   GArray         *outcomes,
                                   gint64         *expected_seq,
                                   GError        **error);

/* The push of a terminal's mutations in one write transaction of @tx (the store
 * vfuncs push and push_batch of kasir-server-store.h, for any backend). */
gboolean kasir_server_tx_push_batch (KasirServerTx  *tx,
                                     gint64          terminal_id,
                                     gint64          outlet_id,
                                     GPtrArray      *mutations,
                                     GPtrArray      *results,
                                     GArray         *outcomes,
                                     gint64         *expected_seq,
                                     GError        **error);
gboolean kasir_server_tx_push       (KasirServerTx           *tx,
                                     gint64                   terminal_id,
                                     gint64                   outlet_id,
                                     const KasirMutation     *mutation,
                                     KasirServerPushOutcome  *outcome,
                                     KasirPushResult        **result,
                                     gint64                  *expected_seq,
                                     GError                 **error);

/* A CSV import (all rows, or nothing when one fails) and the demo data set, each in one
 * write transaction of @tx, recorded in the audit log. */
gboolean kasir_server_tx_import     (KasirServerTx  *tx,
                                     GPtrArray      *rows,
                                     guint          *n_created,
                                     guint          *n_updated,
                                     GError        **error);
gboolean kasir_server_tx_load_demo  (KasirServerTx              *tx,
                                     const KasirServerDemoData  *demo,
                                     GError                    **error);

/* A result's conflict ids as stored beside it ("12,15"; "" for none), and back. */
char    *kasir_server_conflict_ids_to_text  (GArray      *ids);
void     kasir_server_conflict_ids_add_text (GArray      *ids,
                                             const char  *text);

/* mods: sets @product_id's modifier groups (KasirModifierGroup*; ids 0 are given ids
 * from the product and their place; versions are set), as a new version of the product. */
gboolean kasir_server_tx_set_modifier_groups (KasirServerTx  *tx,
                                              gint64          product_id,
                                              GPtrArray      *groups,
                                              GError        **error);

/* The same in a write transaction of its own, recorded in the audit log. */
gboolean kasir_server_tx_save_modifier_groups (KasirServerTx  *tx,
                                               gint64          product_id,
                                               GPtrArray      *groups,
                                               GError        **error);

/* mods: the demo's coffee products (each row named "Kopi Susu …" of @rows, imported
 * already) get Sugar, Ice and Add-ons. */
gboolean kasir_server_tx_demo_modifiers      (KasirServerTx  *tx,
                                              GPtrArray      *rows,
                                              GError        **error);

/* ---- For the appliers ---- */

/* mods: the options a sale line chose against the product's groups. Without
 * @record_changes: an option at a price its group's version never had (or of a version
 * or option the server never had) rejects the mutation and sets *forged. With it: an
 * option sold at an older version whose price has changed since is a price_changed
 * conflict settled by rule, as a product's price is. */
gboolean kasir_apply_check_line_options (KasirApply           *a,
                                         const KasirSale      *sale,
                                         const KasirSaleLine  *line,
                                         gboolean              record_changes,
                                         gboolean             *forged,
                                         GError              **error);

/* Marks the mutation rejected with a reason. */
void     kasir_apply_reject       (KasirApply  *a,
                                   const char  *format,
                                   ...) G_GNUC_PRINTF (2, 3);

/* Checks that @staff_id may make this mutation; when not, the mutation is rejected and
 * *allowed is FALSE. */
gboolean kasir_apply_check_actor  (KasirApply  *a,
                                   gint64       staff_id,
                                   gboolean    *allowed,
                                   GError     **error);

/* The same for a staff member who must hold @role here (an approver named on the
 * mutation, say), whatever the mutation's own rule. */
gboolean kasir_apply_check_staff  (KasirApply       *a,
                                   gint64            staff_id,
                                   KasirServerRole   role,
                                   gboolean         *allowed,
                                   GError          **error);

/* Records a conflict of this mutation and lists it in the result. */
gboolean kasir_apply_conflict     (KasirApply          *a,
                                   KasirConflictKind    kind,
                                   KasirConflictStatus  status,
                                   const char          *entity,
                                   const char          *entity_id,
                                   JsonNode            *base,
                                   JsonNode            *terminal,
                                   JsonNode            *server,
                                   GError             **error);

/* Adds @delta to a product's stock at the mutation's outlet and reports the level before
 * and after. A level beyond ±KASIR_PROTOCOL_MAX_STOCK is not written: *in_range says so
 * and the applier decides what it means for its mutation. */
gboolean kasir_apply_stock_add    (KasirApply  *a,
                                   gint64       product_id,
                                   gint64       delta,
                                   gint64      *before,
                                   gint64      *after,
                                   gboolean    *in_range,
                                   GError     **error);

/* {k1: v1[, k2: v2]} */
JsonNode *kasir_apply_int_object  (const char *k1,
                                   gint64      v1,
                                   const char *k2,
                                   gint64      v2);

/* Names @sale inside a conflict's terminal-side values, so that every till of the
 * outlet can show which receipt it was. Returns @terminal. */
JsonNode *kasir_apply_with_sale   (JsonNode        *terminal,
                                   const KasirSale *sale);

/* A three-way merge of an edit (kasir-server-merge.h): what to apply, and the fields
 * both sides changed as base / terminal / server values. */
typedef struct
{
  JsonObject *apply;
  JsonObject *base;
  JsonObject *terminal;
  JsonObject *server;
} KasirApplyMerge;

void     kasir_apply_merge_clear  (KasirApplyMerge *merge);

/* Merges the edited @fields of entity @entity @id against its @current values, knowing
 * the version the till edited (@base_version: the current one, one in the history, or
 * unknown). */
gboolean kasir_apply_merge        (KasirApply       *a,
                                   const char       *entity,
                                   gint64            id,
                                   gint64            version,
                                   gint64            base_version,
                                   JsonNode         *current,
                                   JsonObject       *fields,
                                   KasirApplyMerge  *out,
                                   GError          **error);

/* Records the fields both sides changed as an open concurrent_edit conflict; nothing
 * when there are none. */
gboolean kasir_apply_merge_conflict (KasirApply       *a,
                                     const char       *entity,
                                     gint64            id,
                                     KasirApplyMerge  *merge,
                                     GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KasirApplyMerge, kasir_apply_merge_clear)

/* A product's fields a till may set (product.update, product.create). */
extern const KasirMergeField kasir_apply_product_fields[];
extern const guint           kasir_apply_n_product_fields;

/* @product as JSON with every merged field written, those at their default too (the
 * wire leaves those out), so that a merge compares values, never an absence. */
JsonNode *kasir_apply_product_json (const KasirProduct *product);

/* A product edit's "category_name" (a category that a category.upsert earlier in the
 * till's queue made, whose id the till did not know) turned into its "category_id" in
 * @fields. FALSE only for a storage failure; *rejected: there is no such category, and
 * the mutation has been rejected. */
gboolean kasir_apply_category_name (KasirApply  *a,
                                    JsonObject  *fields,
                                    gboolean    *rejected,
                                    GError     **error);

/* The appliers, one a mutation type. Each returns FALSE only for a storage failure. */
gboolean kasir_apply_sale_create      (KasirApply *a, GError **error);
gboolean kasir_apply_sale_refund      (KasirApply *a, GError **error);
gboolean kasir_apply_shift_open       (KasirApply *a, GError **error);
gboolean kasir_apply_shift_close      (KasirApply *a, GError **error);
gboolean kasir_apply_product_update   (KasirApply *a, GError **error);
gboolean kasir_apply_stock_adjust     (KasirApply *a, GError **error);
gboolean kasir_apply_customer_upsert  (KasirApply *a, GError **error);
gboolean kasir_apply_conflict_resolve (KasirApply *a, GError **error);
gboolean kasir_apply_shift_cash       (KasirApply *a, GError **error);
gboolean kasir_apply_staff_upsert     (KasirApply *a, GError **error);
gboolean kasir_apply_category_upsert  (KasirApply *a, GError **error);
gboolean kasir_apply_product_create   (KasirApply *a, GError **error);
gboolean kasir_apply_order_open       (KasirApply *a, GError **error);
gboolean kasir_apply_order_add        (KasirApply *a, GError **error);
/* product.modifiers: a manager's groups of a product, whole; refused (and nothing
 * changed) when the groups the till based its edit on are not the server's now. */
gboolean kasir_apply_product_modifiers (KasirApply *a, GError **error);
gboolean kasir_apply_order_cancel     (KasirApply *a, GError **error);
/* A sale naming an open order pays it (kasir-server-apply-order.c). */
gboolean kasir_apply_sale_pays_order  (KasirApply *a, const KasirSale *sale, GError **error);

G_END_DECLS
