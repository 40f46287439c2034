/* kasir-conflict-repository.c — the conflicts table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n.h>

#include "kasir-conflict-decision.h"
#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-outbox-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-conflict-fields.h"

struct _KasirConflictRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
};

G_DEFINE_TYPE (KasirConflictRepository, kasir_conflict_repository, G_TYPE_OBJECT)

static void
kasir_conflict_repository_dispose (GObject *object)
{
  KasirConflictRepository *self = KASIR_CONFLICT_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_conflict_repository_parent_class)->dispose (object);
}

static void
kasir_conflict_repository_class_init (KasirConflictRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_conflict_repository_dispose;
}

static void
kasir_conflict_repository_init (KasirConflictRepository *self)
{
}

KasirConflictRepository *
kasir_conflict_repository_new (KasirDatabase *database)
{
  KasirConflictRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_CONFLICT_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

static gboolean
json_ok (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_NULL (node) ||
         JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_ARRAY (node);
}

static gboolean
check_conflict (const KasirConflict  *c,
                GError              **error)
{
  if (c == NULL || c->id <= 0 ||
      kasir_conflict_kind_to_string (c->kind) == NULL ||
      kasir_conflict_status_to_string (c->status) == NULL ||
      c->entity == NULL || *c->entity == '\0' ||
      c->entity_id == NULL || *c->entity_id == '\0' ||
      c->created_at == NULL || !kasir_rfc3339_is_valid (c->created_at) ||
      c->seq < 0 || c->terminal_id < 0 || c->version < 0 ||
      !json_ok (c->base) || !json_ok (c->terminal) || !json_ok (c->server) ||
      !json_ok (c->resolution))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Conflict %" PRId64 " is not valid"), c != NULL ? c->id : 0);
      return FALSE;
    }

  return TRUE;
}

static void
bind_json (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, index);
  else
    {
      g_autofree char *text = kasir_protocol_to_string (node, NULL);

      kasir_database_bind_text (stmt, index, text);
    }
}

static JsonNode *
column_json (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text != NULL ? json_from_string (text, NULL) : NULL;
}

static gboolean
write_conflict (KasirDatabase        *db,
                const KasirConflict  *c,
                GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "INSERT OR REPLACE INTO conflicts (id, kind, status, entity, "
                                 "entity_id, base, terminal, server, terminal_id, seq, "
                                 "created_at, resolution, version, terminal_name) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  kasir_database_bind_text (stmt, 2, kasir_conflict_kind_to_string (c->kind));
  kasir_database_bind_text (stmt, 3, kasir_conflict_status_to_string (c->status));
  kasir_database_bind_text (stmt, 4, c->entity);
  kasir_database_bind_text (stmt, 5, c->entity_id);
  bind_json (stmt, 6, c->base);
  bind_json (stmt, 7, c->terminal);
  bind_json (stmt, 8, c->server);
  sqlite3_bind_int64 (stmt, 9, c->terminal_id);
  sqlite3_bind_int64 (stmt, 10, c->seq);
  kasir_database_bind_text (stmt, 11, c->created_at);
  bind_json (stmt, 12, c->resolution);
  sqlite3_bind_int64 (stmt, 13, c->version);
  kasir_database_bind_text (stmt, 14, c->terminal_name);

  return kasir_database_step_done (db, stmt, "write conflict", error);
}

gboolean
kasir_conflict_repository_upsert (KasirConflictRepository  *self,
                                  GPtrArray                *conflicts,
                                  GError                  **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (conflicts != NULL, FALSE);

  db = self->database;
  for (guint i = 0; i < conflicts->len; i++)
    if (!check_conflict (conflicts->pdata[i], error))
      return FALSE;

  if (!kasir_database_begin (db, error))
    return FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    if (!write_conflict (db, conflicts->pdata[i], error))
      {
        kasir_database_rollback (db);
        return FALSE;
      }

  return kasir_database_commit (db, error);
}

gboolean
kasir_conflict_repository_delete (KasirConflictRepository  *self,
                                  gint64                    conflict_id,
                                  GError                  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), FALSE);

  stmt = kasir_database_prepare (self->database, "DELETE FROM conflicts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);

  return kasir_database_step_done (self->database, stmt, "delete conflict", error);
}

#define CONFLICT_COLUMNS "id, kind, status, entity, entity_id, base, terminal, server, " \
                         "terminal_id, seq, created_at, resolution, version, terminal_name"

static GPtrArray *
collect_conflicts (KasirDatabase  *db,
                   sqlite3_stmt   *stmt,
                   GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_conflict_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirConflict *c = kasir_conflict_new ();

      g_ptr_array_add (list, c);
      c->id = sqlite3_column_int64 (stmt, 0);
      if (!kasir_conflict_kind_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                            &c->kind) ||
          !kasir_conflict_status_from_string ((const char *) sqlite3_column_text (stmt, 2),
                                              &c->status))
        {
          g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                       _("Conflict %" PRId64 " cannot be read"), c->id);
          kasir_database_stmt_done (stmt);
          return NULL;
        }
      c->entity = kasir_database_column_dup (stmt, 3);
      c->entity_id = kasir_database_column_dup (stmt, 4);
      c->base = column_json (stmt, 5);
      c->terminal = column_json (stmt, 6);
      c->server = column_json (stmt, 7);
      c->terminal_id = sqlite3_column_int64 (stmt, 8);
      c->seq = sqlite3_column_int64 (stmt, 9);
      c->created_at = kasir_database_column_dup (stmt, 10);
      c->resolution = column_json (stmt, 11);
      c->version = sqlite3_column_int64 (stmt, 12);
      c->terminal_name = kasir_database_column_dup (stmt, 13);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read conflicts", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&list);
}

KasirConflict *
kasir_conflict_repository_get (KasirConflictRepository  *self,
                               gint64                    conflict_id,
                               GError                  **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " CONFLICT_COLUMNS " FROM conflicts WHERE id = ?",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  list = collect_conflicts (self->database, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no conflict %" PRId64), conflict_id);
      return NULL;
    }

  return g_ptr_array_steal_index (list, 0);
}

GPtrArray *
kasir_conflict_repository_list (KasirConflictRepository  *self,
                                int                       status,
                                guint                     offset,
                                guint                     limit,
                                GError                  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " CONFLICT_COLUMNS " FROM conflicts "
                                 "WHERE (?1 IS NULL OR status = ?1) "
                                 "ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  if (status >= 0)
    kasir_database_bind_text (stmt, 1, kasir_conflict_status_to_string (status));
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);

  return collect_conflicts (self->database, stmt, error);
}

gboolean
kasir_conflict_repository_count_open (KasirConflictRepository  *self,
                                      gint64                   *out_count,
                                      GError                  **error)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  return kasir_database_query_int64 (self->database,
                                     "SELECT count(*) FROM conflicts WHERE status = 'open'",
                                     out_count, error);
}

static gboolean
record_decision (KasirDatabase               *db,
                 const KasirConflictResolve  *resolve,
                 gint64                       seq,
                 GError                     **error)
{
  g_autofree char *now = kasir_now_rfc3339 ();
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "INSERT OR REPLACE INTO conflict_resolutions (conflict_id, "
                                 "outbox_seq, decision, note, staff_id, value_json, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, resolve->conflict_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  kasir_database_bind_text (stmt, 3, resolve->decision);
  kasir_database_bind_text (stmt, 4, resolve->note);
  sqlite3_bind_int64 (stmt, 5, resolve->staff_id);
  bind_json (stmt, 6, resolve->values);
  kasir_database_bind_text (stmt, 7, now);

  return kasir_database_step_done (db, stmt, "record conflict decision", error);
}

/* ---- The conflict-review dialog ---- */

void
kasir_conflict_entry_free (KasirConflictEntry *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->conflict, kasir_conflict_free);
  g_free (self->what);
  g_free (self->local_decision);
  g_free (self->local_note);
  g_free (self->local_created_at);
  g_free (self->reject_reason);
  g_free (self->resolved_decision);
  g_free (self->resolved_note);
  g_free (self->resolved_by_name);
  g_free (self->resolved_at);
  g_free (self);
}

void
kasir_conflict_field_free (KasirConflictField *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->base, json_node_unref);
  g_clear_pointer (&self->terminal, json_node_unref);
  g_clear_pointer (&self->server, json_node_unref);
  g_free (self);
}

void
kasir_conflict_detail_free (KasirConflictDetail *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->entry, kasir_conflict_entry_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->sale, kasir_sale_free);
  g_free (self->cashier_name);
  g_free (self->sale_id);
  g_free (self->receipt_no);
  g_free (self->order_label);
  g_clear_pointer (&self->origin, kasir_mutation_free);
  g_free (self);
}

static JsonObject *
node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
object_int (JsonNode   *node,
            const char *member,
            gboolean   *found)
{
  JsonObject *obj = node_object (node);
  JsonNode *m;

  if (found != NULL)
    *found = FALSE;
  if (obj == NULL || (m = json_object_get_member (obj, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_INT64)
    return 0;
  if (found != NULL)
    *found = TRUE;
  return json_node_get_int (m);
}

static char *
query_text (KasirDatabase *db,
            const char    *sql,
            gint64         id)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = kasir_database_column_dup (stmt, 0);
  kasir_database_stmt_done (stmt);

  return text;
}

static gboolean
load_identity (KasirDatabase  *db,
               gint64         *terminal_id,
               gint64         *seq_base,
               GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db,
                                               "SELECT terminal_id, seq_base FROM sync_state "
                                               "WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  *terminal_id = 0;
  *seq_base = 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *terminal_id = sqlite3_column_int64 (stmt, 0);
      *seq_base = sqlite3_column_int64 (stmt, 1);
    }
  kasir_database_stmt_done (stmt);

  return TRUE;
}

/* The name a person knows the conflict's subject by. */
static char *
describe_what (KasirDatabase       *db,
               const KasirConflict *c)
{
  gint64 id = g_ascii_strtoll (c->entity_id, NULL, 10);
  const char *receipt = kasir_conflict_fields_string (c->terminal, "receipt_no");
  char *name = NULL;

  if (g_str_equal (c->entity, "product") || g_str_equal (c->entity, "stock"))
    name = query_text (db, "SELECT name FROM products WHERE id = ?", id);
  else if (g_str_equal (c->entity, "customer"))
    name = query_text (db, "SELECT name FROM customers WHERE id = ?", id);
  else if (g_str_equal (c->entity, "shift"))
    return g_strdup (_("Shift"));
  else if (g_str_equal (c->entity, "sale") && receipt != NULL && *receipt != '\0')
    /* A person knows a sale by its receipt, not by its id. */
    return g_strdup_printf (_("Receipt %s"), receipt);

  if (name != NULL)
    return name;
  return g_strdup_printf ("%s %s", c->entity, c->entity_id);
}

static void
describe_amount (KasirConflictEntry *e)
{
  const KasirConflict *c = e->conflict;
  gint64 qty;
  gboolean found;

  switch (c->kind)
    {
    case KASIR_CONFLICT_STOCK_SHORTAGE:
      qty = object_int (c->server, "qty", &found);
      e->amount = found && qty < 0 ? -qty : 0;
      break;
    case KASIR_CONFLICT_LOYALTY_OVERSPENT:
      e->amount = object_int (c->server, "shortfall", NULL);
      break;
    case KASIR_CONFLICT_PRICE_CHANGED:
    case KASIR_CONFLICT_CONCURRENT_EDIT:
      {
        gboolean has_t, has_s;
        gint64 t = object_int (c->terminal, "price", &has_t);
        gint64 s = object_int (c->server, "price", &has_s);

        e->amount = has_t && has_s ? t - s : 0;
        e->amount_is_money = TRUE;
      }
      break;
    case KASIR_CONFLICT_PRODUCT_ARCHIVED:
      /* Values come from the server: a product that would leave 64 bits shows none. */
      if (__builtin_mul_overflow (object_int (c->terminal, "qty", NULL),
                                  object_int (c->terminal, "unit_price", NULL), &e->amount))
        e->amount = 0;
      e->amount_is_money = TRUE;
      break;
    case KASIR_CONFLICT_ORDER_PAID_TWICE:
      /* What this till took for the order (its side's "total"). */
      e->amount = object_int (c->terminal, "total", NULL);
      e->amount_is_money = TRUE;
      break;
    case KASIR_CONFLICT_SHIFT_CLOSED:
    default:
      break;
    }
}

static char *
staff_name (KasirDatabase *db,
            gint64         staff_id)
{
  return staff_id > 0 ? query_text (db, "SELECT name FROM staff WHERE id = ?", staff_id) : NULL;
}

/* Fills in the local decision (if any) and the server's. */
static gboolean
complete_entry (KasirDatabase       *db,
                KasirConflictEntry  *e,
                gint64               terminal_id,
                GError             **error)
{
  KasirConflict *c = e->conflict;
  sqlite3_stmt *stmt;
  int rc;

  e->what = describe_what (db, c);
  describe_amount (e);
  e->from_this_terminal = terminal_id > 0 && c->terminal_id == terminal_id;

  stmt = kasir_database_prepare (db,
                                 "SELECT r.outbox_seq, r.decision, r.note, r.staff_id, r.created_at, "
                                 "o.state, o.last_error, o.result, o.seq IS NULL "
                                 "FROM conflict_resolutions r LEFT JOIN outbox o ON o.seq = r.outbox_seq "
                                 "WHERE r.conflict_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 5);

      e->local_outbox_seq = sqlite3_column_int64 (stmt, 0);
      e->local_decision = kasir_database_column_dup (stmt, 1);
      e->local_note = kasir_database_column_dup (stmt, 2);
      e->local_staff_id = sqlite3_column_int64 (stmt, 3);
      e->local_created_at = kasir_database_column_dup (stmt, 4);
      /* Only acknowledged rows are ever pruned from the outbox. */
      if (sqlite3_column_int (stmt, 8) != 0 || g_strcmp0 (state, "acked") == 0)
        e->local_state = KASIR_LOCAL_RESOLUTION_APPLIED;
      else if (g_strcmp0 (state, "rejected") == 0)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 7);
          g_autoptr(JsonNode) result = text != NULL ? json_from_string (text, NULL) : NULL;
          const char *reason = kasir_conflict_fields_string (result, "reason");

          e->reject_reason = g_strdup (reason != NULL ? reason
                                       : (const char *) sqlite3_column_text (stmt, 6));
          e->local_state = g_str_has_prefix (e->reject_reason != NULL ? e->reject_reason : "",
                                             "already_resolved")
                           ? KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED
                           : KASIR_LOCAL_RESOLUTION_REJECTED;
        }
      else
        e->local_state = KASIR_LOCAL_RESOLUTION_PENDING;
    }
  else if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read conflict decision", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  kasir_database_stmt_done (stmt);

  /* The server's copy carries who won; a copy still marked resolved only here (our own
   * pending decision) has no resolved_at and says nothing about the server. */
  if (c->resolution != NULL && kasir_conflict_fields_string (c->resolution, "resolved_at") != NULL)
    {
      const char *name = kasir_conflict_fields_string (c->resolution, "staff_name");

      e->resolved_decision = g_strdup (kasir_conflict_fields_string (c->resolution, "decision"));
      e->resolved_note = g_strdup (kasir_conflict_fields_string (c->resolution, "note"));
      e->resolved_staff_id = object_int (c->resolution, "staff_id", NULL);
      e->resolved_at = g_strdup (kasir_conflict_fields_string (c->resolution, "resolved_at"));
      e->resolved_terminal_id = object_int (c->resolution, "terminal_id", NULL);
      e->resolved_by_name = name != NULL ? g_strdup (name) : staff_name (db, e->resolved_staff_id);
    }

  return TRUE;
}

static GPtrArray *
entries_from (KasirDatabase  *db,
              GPtrArray      *conflicts,
              GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_conflict_entry_free);
  gint64 terminal_id, seq_base;

  if (!load_identity (db, &terminal_id, &seq_base, error))
    return NULL;
  for (guint i = 0; i < conflicts->len; i++)
    {
      KasirConflictEntry *e = g_new0 (KasirConflictEntry, 1);

      e->conflict = g_steal_pointer (&conflicts->pdata[i]);
      g_ptr_array_add (list, e);
      if (!complete_entry (db, e, terminal_id, error))
        return NULL;
    }

  return g_steal_pointer (&list);
}

GPtrArray *
kasir_conflict_repository_list_entries (KasirConflictRepository  *self,
                                        int                       status,
                                        int                       kind,
                                        guint                     offset,
                                        guint                     limit,
                                        GError                  **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " CONFLICT_COLUMNS " FROM conflicts "
                                 "WHERE (?1 IS NULL OR status = ?1) AND (?4 IS NULL OR kind = ?4) "
                                 "ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  if (status >= 0)
    kasir_database_bind_text (stmt, 1, kasir_conflict_status_to_string (status));
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  if (kind >= 0)
    kasir_database_bind_text (stmt, 4, kasir_conflict_kind_to_string (kind));
  conflicts = collect_conflicts (self->database, stmt, error);
  if (conflicts == NULL)
    return NULL;
  g_ptr_array_set_free_func (conflicts, (GDestroyNotify) kasir_conflict_free);

  return entries_from (self->database, conflicts, error);
}

gboolean
kasir_conflict_repository_count (KasirConflictRepository  *self,
                                 int                       status,
                                 int                       kind,
                                 gint64                   *out_count,
                                 GError                  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT count(*) FROM conflicts "
                                 "WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR kind = ?2)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  if (status >= 0)
    kasir_database_bind_text (stmt, 1, kasir_conflict_status_to_string (status));
  if (kind >= 0)
    kasir_database_bind_text (stmt, 2, kasir_conflict_kind_to_string (kind));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self->database, rc, "count conflicts", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  *out_count = sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);

  return TRUE;
}

KasirConflictEntry *
kasir_conflict_repository_get_entry (KasirConflictRepository  *self,
                                     gint64                    conflict_id,
                                     GError                  **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_conflict_free);
  g_autoptr(GPtrArray) entries = NULL;
  KasirConflict *c;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  c = kasir_conflict_repository_get (self, conflict_id, error);
  if (c == NULL)
    return NULL;
  g_ptr_array_add (conflicts, c);
  entries = entries_from (self->database, conflicts, error);
  if (entries == NULL)
    return NULL;

  return g_ptr_array_steal_index (entries, 0);
}

/* This terminal's own sale behind a conflict, with its cashier, when it is still kept. */
static void
attach_own_sale (KasirConflictRepository *self,
                 KasirConflictDetail     *detail)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (self->database);

  detail->sale = kasir_sales_repository_get_sale (sales, detail->sale_id, NULL);
  if (detail->sale == NULL)
    return;
  detail->cashier_name = staff_name (self->database, detail->sale->staff_id);
  if (detail->receipt_no == NULL)
    detail->receipt_no = g_strdup (detail->sale->receipt_no);
}

/* The change (other than a sale) this terminal sent as local @seq, from the log that
 * outlives the acknowledged outbox row. */
static gboolean
attach_logged_change (KasirConflictRepository  *self,
                      KasirConflictDetail      *detail,
                      gint64                    seq,
                      GError                  **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (self->database,
                                               "SELECT type, payload, created_at "
                                               "FROM outbox_log WHERE seq = ?", error);
  KasirMutation *m;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      g_autofree char *type = kasir_database_column_dup (stmt, 0);
      g_autofree char *payload = kasir_database_column_dup (stmt, 1);

      m = kasir_mutation_new ();
      m->seq = seq;
      if (!kasir_mutation_type_from_string (type, &m->type))
        m->type = KASIR_MUTATION_PRODUCT_UPDATE;
      m->created_at = kasir_database_column_dup (stmt, 2);
      m->payload = json_from_string (payload, NULL);
      detail->origin = m;
    }
  kasir_database_stmt_done (stmt);
  return TRUE;
}

KasirConflictDetail *
kasir_conflict_repository_get_detail (KasirConflictRepository  *self,
                                      gint64                    conflict_id,
                                      GError                  **error)
{
  g_autoptr(KasirConflictDetail) detail = g_new0 (KasirConflictDetail, 1);
  KasirConflict *c;
  gint64 terminal_id, seq_base;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  detail->entry = kasir_conflict_repository_get_entry (self, conflict_id, error);
  if (detail->entry == NULL)
    return NULL;
  c = detail->entry->conflict;

  detail->fields = kasir_conflict_fields_side_by_side (c);
  detail->sale_id = g_strdup (kasir_conflict_fields_string (c->terminal, "sale_id"));
  detail->receipt_no = g_strdup (kasir_conflict_fields_string (c->terminal, "receipt_no"));
  detail->order_label = kasir_conflict_fields_order_label (self->database, c);

  /* Where it came from: only this terminal knows its own sales and edits. */
  if (!load_identity (self->database, &terminal_id, &seq_base, error))
    return NULL;
  if (terminal_id > 0 && c->terminal_id == terminal_id && c->seq > 0)
    {
      /* A change other than a sale is found by its seq in the log: the server names the
       * (terminal, wire seq), and the local seq is the wire seq plus this enrollment's
       * seq base. A sale is not logged: it names itself (every conflict a sale raises
       * carries its id) and keeps its own rows. */
      if (!attach_logged_change (self, detail, c->seq + seq_base, error))
        return NULL;
      if (detail->origin == NULL && detail->sale_id != NULL)
        attach_own_sale (self, detail);
    }

  return g_steal_pointer (&detail);
}

/* The follow-up edit that keeps this terminal's values, against the local copy's
 * version (the server's newest, as last pulled). */
static gboolean
enqueue_merge_edit (KasirConflictRepository  *self,
                    const KasirConflict      *c,
                    JsonObject               *mine,
                    gint64                    staff_id,
                    GError                  **error)
{
  g_autoptr(KasirEdit) edit = g_new0 (KasirEdit, 1);
  g_autoptr(JsonNode) payload = NULL;
  gboolean is_product = g_str_equal (c->entity, "product");
  sqlite3_stmt *stmt;
  int rc;

  if (!is_product && !g_str_equal (c->entity, "customer"))
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("Only products and customers can be merged"));
      return FALSE;
    }

  edit->entity_id = g_ascii_strtoll (c->entity_id, NULL, 10);
  edit->staff_id = staff_id;
  stmt = kasir_database_prepare (self->database,
                                 is_product ? "SELECT version FROM products WHERE id = ?"
                                            : "SELECT version FROM customers WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, edit->entity_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    edit->base_version = sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("The product or customer is not known on this till"));
      return FALSE;
    }

  edit->fields = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (edit->fields, mine);
  if (!is_product)
    edit->client_id = kasir_uuid_new ();
  payload = is_product ? kasir_protocol_encode_product_update (edit)
                       : kasir_protocol_encode_customer_upsert (edit);

  return kasir_outbox_repository_enqueue_in_transaction (self->outbox,
                                                         is_product ? KASIR_MUTATION_PRODUCT_UPDATE
                                                                    : KASIR_MUTATION_CUSTOMER_UPSERT,
                                                         c->entity_id, payload, NULL, error) > 0;
}

/* A refund of the whole sale, paid back in cash when the sale took cash. */
static gboolean
enqueue_void_refund (KasirConflictRepository  *self,
                     const KasirSale          *sale,
                     const char               *note,
                     gint64                    staff_id,
                     GError                  **error)
{
  g_autoptr(KasirRefund) refund = g_new0 (KasirRefund, 1);
  g_autoptr(JsonNode) payload = NULL;
  KasirPaymentMethod method = KASIR_PAYMENT_CASH;
  gboolean has_cash = FALSE;

  refund->refund_id = kasir_uuid_new ();
  refund->sale_id = g_strdup (sale->sale_id);
  refund->reason = g_strdup (note);
  refund->staff_id = staff_id;
  refund->created_at = kasir_now_rfc3339 ();
  refund->lines = g_ptr_array_new_with_free_func (g_free);
  refund->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *l = sale->lines->pdata[i];
      KasirRefundLine *rl = g_new0 (KasirRefundLine, 1);

      rl->product_id = l->product_id;
      rl->qty = l->qty;
      rl->amount = l->total;
      refund->total += l->total;
      g_ptr_array_add (refund->lines, rl);
    }
  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *p = sale->payments->pdata[i];

      has_cash |= p->method == KASIR_PAYMENT_CASH;
    }
  if (!has_cash && sale->payments->len > 0)
    method = ((KasirPayment *) sale->payments->pdata[0])->method;
  if (refund->total > 0)
    g_ptr_array_add (refund->payments, kasir_payment_new (method, refund->total));
  payload = kasir_protocol_encode_refund (refund);

  return kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_SALE_REFUND,
                                                         sale->sale_id, payload, NULL, error) > 0;
}

/* Marks the local copy resolved, with the resolve's payload, so the review list is right
 * at once, even offline. */
static gboolean
mark_resolved (KasirDatabase  *db,
               gint64          conflict_id,
               JsonNode       *payload,
               GError        **error)
{
  g_autofree char *text = kasir_protocol_to_string (payload, NULL);
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "UPDATE conflicts SET status = 'resolved', resolution = ? "
                                 "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, text);
  sqlite3_bind_int64 (stmt, 2, conflict_id);
  return kasir_database_step_done (db, stmt, "resolve conflict", error);
}

/* Queues what the plan says, records the decision and marks the conflict resolved;
 * inside the caller's transaction. Returns the conflict.resolve's seq, or 0. */
static gint64
persist_plan (KasirConflictRepository  *self,
              KasirConflictDetail      *detail,
              const KasirDecisionPlan  *plan,
              gint64                    staff_id,
              GError                  **error)
{
  const KasirConflict *c = detail->entry->conflict;
  KasirConflictResolve resolve = { 0 };
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, c->id);
  gint64 seq;

  kasir_decision_plan_to_resolve (plan, c, staff_id, &resolve);
  payload = kasir_protocol_encode_conflict_resolve (&resolve);
  seq = kasir_outbox_repository_enqueue_in_transaction (self->outbox,
                                                        KASIR_MUTATION_CONFLICT_RESOLVE,
                                                        entity_id, payload, NULL, error);
  if (seq == 0)
    return 0;

  switch (plan->effect)
    {
    case KASIR_DECISION_EFFECT_KEEP_MINE:
      if (json_object_get_size (plan->kept) > 0 &&
          !enqueue_merge_edit (self, c, plan->kept, staff_id, error))
        return 0;
      break;
    case KASIR_DECISION_EFFECT_REFUND_SALE:
      g_assert (detail->sale != NULL);
      if (!enqueue_void_refund (self, detail->sale, plan->note, staff_id, error))
        return 0;
      break;
    case KASIR_DECISION_EFFECT_NONE:
    default:
      break;
    }

  if (!record_decision (self->database, &resolve, seq, error) ||
      !mark_resolved (self->database, c->id, payload, error))
    return 0;
  return seq;
}

/* The one way a decision is recorded. @expected_version < 0 takes the conflict's current
 * version (the manager looks at it now); otherwise a conflict that moved on is refused. */
static gint64
resolve_checked (KasirConflictRepository  *self,
                 gint64                    conflict_id,
                 gint64                    expected_version,
                 const char               *decision,
                 const char               *note,
                 JsonNode                 *values,
                 gint64                    staff_id,
                 GError                  **error)
{
  KasirDatabase *db = self->database;
  g_autoptr(KasirConflictDetail) detail = NULL;
  g_autoptr(KasirDecisionPlan) plan = NULL;
  const KasirConflict *c;
  gint64 seq;

  if (decision == NULL || staff_id <= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("A manager must make the decision"));
      return 0;
    }
  if (!kasir_database_begin (db, error))
    return 0;

  detail = kasir_conflict_repository_get_detail (self, conflict_id, error);
  if (detail == NULL)
    goto fail;
  c = detail->entry->conflict;
  if (c->status == KASIR_CONFLICT_OPEN && expected_version >= 0 && c->version != expected_version)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("Conflict %" PRId64 " changed while it was being reviewed"), c->id);
      goto fail;
    }
  plan = kasir_conflict_decision_plan (c, decision, note, values, detail->sale != NULL, error);
  if (plan == NULL)
    goto fail;
  seq = persist_plan (self, detail, plan, staff_id, error);
  if (seq == 0)
    goto fail;
  if (!kasir_database_commit (db, error))
    return 0;
  return seq;

fail:
  kasir_database_rollback (db);
  return 0;
}

gint64
kasir_conflict_repository_resolve (KasirConflictRepository     *self,
                                   const KasirConflictResolve  *resolve,
                                   GError                     **error)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), 0);

  if (resolve == NULL)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("There is no decision to record"));
      return 0;
    }
  return resolve_checked (self, resolve->conflict_id, MAX (resolve->expected_version, 0),
                          resolve->decision, resolve->note, resolve->values, resolve->staff_id,
                          error);
}

gint64
kasir_conflict_repository_decide (KasirConflictRepository  *self,
                                  gint64                    conflict_id,
                                  const char               *decision,
                                  const char               *note,
                                  JsonNode                 *value,
                                  gint64                    staff_id,
                                  GError                  **error)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), 0);

  return resolve_checked (self, conflict_id, -1, decision, note, value, staff_id, error);
}

GPtrArray *
kasir_conflict_repository_list_history (KasirConflictRepository  *self,
                                        guint                     offset,
                                        guint                     limit,
                                        GError                  **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " CONFLICT_COLUMNS " FROM conflicts "
                                 "WHERE status IN ('resolved', 'resolved_by_rule') "
                                 "ORDER BY created_at DESC, id DESC LIMIT ?1 OFFSET ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, offset);
  conflicts = collect_conflicts (self->database, stmt, error);
  if (conflicts == NULL)
    return NULL;

  return entries_from (self->database, conflicts, error);
}
