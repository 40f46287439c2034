/* kasir-held-cart-repository.c — the held_carts table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-held-cart-repository.h"

/* A label is what fits on one row of the recall list: a name, a table, a short note. */
#define LABEL_MAX_CHARS 60

struct _KasirHeldCartRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_TYPE (KasirHeldCartRepository, kasir_held_cart_repository, G_TYPE_OBJECT)

void
kasir_held_cart_free (KasirHeldCart *self)
{
  if (self == NULL)
    return;
  g_free (self->label);
  g_free (self->staff_name);
  g_free (self->shift_id);
  g_free (self->held_at);
  g_free (self);
}

static void
kasir_held_cart_repository_dispose (GObject *object)
{
  KasirHeldCartRepository *self = KASIR_HELD_CART_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_held_cart_repository_parent_class)->dispose (object);
}

static void
kasir_held_cart_repository_class_init (KasirHeldCartRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_held_cart_repository_dispose;
}

static void
kasir_held_cart_repository_init (KasirHeldCartRepository *self)
{
}

KasirHeldCartRepository *
kasir_held_cart_repository_new (KasirDatabase *database)
{
  KasirHeldCartRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_HELD_CART_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

static gboolean
check_hold (const KasirCart  *cart,
            const char       *label,
            GError          **error)
{
  if (cart == NULL || cart->lines->len == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   _("An empty cart cannot be held"));
      return FALSE;
    }
  if (label != NULL && !g_utf8_validate (label, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The label of a held sale must be text"));
      return FALSE;
    }
  if (label != NULL && g_utf8_strlen (label, -1) > LABEL_MAX_CHARS)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
                   _("The label of a held sale can be at most %d characters long"),
                   LABEL_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}

static gint64
count_items (const KasirCart *cart)
{
  gint64 n = 0;

  for (guint i = 0; i < cart->lines->len; i++)
    n += ((KasirCartLine *) cart->lines->pdata[i])->qty;

  return n;
}

static gboolean
insert_held (KasirDatabase    *db,
             const KasirCart  *cart,
             const char       *text,
             const char       *label,
             gint64            staff_id,
             const char       *staff_name,
             const char       *shift_id,
             GError          **error)
{
  g_autofree char *label_stripped = g_strstrip (g_strdup (label != NULL ? label : ""));
  g_autofree char *now = kasir_now_rfc3339 ();
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "INSERT INTO held_carts (label, staff_id, staff_name, shift_id, "
                                 "held_at, total, n_items, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, label_stripped);
  sqlite3_bind_int64 (stmt, 2, staff_id);
  kasir_database_bind_text (stmt, 3, staff_name != NULL ? staff_name : "");
  kasir_database_bind_text (stmt, 4, shift_id);
  kasir_database_bind_text (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, cart->total);
  sqlite3_bind_int64 (stmt, 7, count_items (cart));
  kasir_database_bind_text (stmt, 8, text);

  return kasir_database_step_done (db, stmt, "hold cart", error);
}

gint64
kasir_held_cart_repository_hold (KasirHeldCartRepository  *self,
                                 const KasirCart          *cart,
                                 const char               *label,
                                 gint64                    staff_id,
                                 const char               *staff_name,
                                 const char               *shift_id,
                                 GError                  **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  KasirDatabase *db;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (KASIR_IS_HELD_CART_REPOSITORY (self), 0);

  if (!check_hold (cart, label, error))
    return 0;
  node = kasir_cart_to_json (cart);
  if (node == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The cart could not be written down"));
      return 0;
    }
  text = kasir_protocol_to_string (node, NULL);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;
  if (!insert_held (db, cart, text, label, staff_id, staff_name, shift_id, error))
    goto fail;
  id = sqlite3_last_insert_rowid (kasir_database_get_handle (db));
  stmt = kasir_database_prepare (db, "DELETE FROM cart", error);
  if (stmt == NULL || !kasir_database_step_done (db, stmt, "clear cart", error))
    goto fail;
  if (!kasir_database_commit (db, error))
    return 0;

  return id;

fail:
  kasir_database_rollback (db);
  return 0;
}

GPtrArray *
kasir_held_cart_repository_list (KasirHeldCartRepository  *self,
                                 GError                  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_held_cart_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_HELD_CART_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT id, label, staff_id, staff_name, shift_id, held_at, "
                                 "total, n_items FROM held_carts ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirHeldCart *held = g_new0 (KasirHeldCart, 1);

      held->id = sqlite3_column_int64 (stmt, 0);
      held->label = kasir_database_column_dup (stmt, 1);
      held->staff_id = sqlite3_column_int64 (stmt, 2);
      held->staff_name = kasir_database_column_dup (stmt, 3);
      held->shift_id = kasir_database_column_dup (stmt, 4);
      held->held_at = kasir_database_column_dup (stmt, 5);
      held->total = sqlite3_column_int64 (stmt, 6);
      held->n_items = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (list, held);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "list held carts", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&list);
}

/* The text of one row of @sql (one integer parameter), or NULL. */
static char *
read_text (KasirDatabase  *db,
           const char     *sql,
           gint64          id,
           const char     *what,
           GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, error);
  char *text = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = kasir_database_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    kasir_database_set_error (db, rc, what, error);
  kasir_database_stmt_done (stmt);

  return text;
}

static KasirCart *
decode_cart (const char  *text,
             GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  KasirCart *cart = NULL;

  node = json_from_string (text, &local_error);
  if (node != NULL)
    cart = kasir_cart_from_json (node, &local_error);
  if (cart == NULL)
    g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                 _("The held sale cannot be read: %s"),
                 local_error != NULL ? local_error->message : _("empty"));

  return cart;
}

/* Whether the saved current cart has lines (a sale in progress that recalling must not
 * replace). A current cart that cannot be read counts as one. */
static gboolean
current_cart_busy (KasirDatabase  *db,
                   gboolean       *busy,
                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = read_text (db, "SELECT json FROM cart WHERE id = ?", 1,
                                     "read cart", &local_error);
  g_autoptr(KasirCart) current = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  current = text != NULL ? decode_cart (text, NULL) : NULL;
  *busy = text != NULL && (current == NULL || current->lines->len > 0);

  return TRUE;
}

static gboolean
move_to_current (KasirDatabase  *db,
                 gint64          id,
                 const char     *text,
                 GError        **error)
{
  g_autofree char *now = kasir_now_rfc3339 ();
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db, "INSERT OR REPLACE INTO cart (id, json, updated_at) "
                                     "VALUES (1, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, text);
  kasir_database_bind_text (stmt, 2, now);
  if (!kasir_database_step_done (db, stmt, "recall cart", error))
    return FALSE;
  stmt = kasir_database_prepare (db, "DELETE FROM held_carts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);

  return kasir_database_step_done (db, stmt, "recall cart", error);
}

KasirCart *
kasir_held_cart_repository_recall (KasirHeldCartRepository  *self,
                                   gint64                    id,
                                   GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(KasirCart) cart = NULL;
  KasirDatabase *db;
  gboolean busy = FALSE;

  g_return_val_if_fail (KASIR_IS_HELD_CART_REPOSITORY (self), NULL);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return NULL;
  if (!current_cart_busy (db, &busy, error))
    goto fail;
  if (busy)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("Finish or hold the sale in progress before recalling another"));
      goto fail;
    }
  text = read_text (db, "SELECT json FROM held_carts WHERE id = ?", id, "read held cart",
                    &local_error);
  if (text == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                     _("That held sale is no longer held"));
      goto fail;
    }
  cart = decode_cart (text, error);
  if (cart == NULL || !move_to_current (db, id, text, error))
    goto fail;
  if (!kasir_database_commit (db, error))
    return NULL;

  return g_steal_pointer (&cart);

fail:
  kasir_database_rollback (db);
  return NULL;
}

gboolean
kasir_held_cart_repository_count (KasirHeldCartRepository  *self,
                                  const char               *shift_id,
                                  gint64                   *out,
                                  GError                  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_HELD_CART_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT count(*) FROM held_carts "
                                 "WHERE ?1 IS NULL OR shift_id IS NULL OR shift_id <> ?1", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, shift_id);
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW)
    kasir_database_set_error (self->database, rc, "count held carts", error);
  kasir_database_stmt_done (stmt);

  return rc == SQLITE_ROW;
}
