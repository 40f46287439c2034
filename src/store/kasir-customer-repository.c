/* kasir-customer-repository.c — the customers table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-customer-repository.h"

struct _KasirCustomerRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
};

G_DEFINE_TYPE (KasirCustomerRepository, kasir_customer_repository, G_TYPE_OBJECT)

static void
kasir_customer_repository_dispose (GObject *object)
{
  KasirCustomerRepository *self = KASIR_CUSTOMER_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_customer_repository_parent_class)->dispose (object);
}

static void
kasir_customer_repository_class_init (KasirCustomerRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_customer_repository_dispose;
}

static void
kasir_customer_repository_init (KasirCustomerRepository *self)
{
}

KasirCustomerRepository *
kasir_customer_repository_new (KasirDatabase *database)
{
  KasirCustomerRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_CUSTOMER_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

/* The server's row for a customer made on this till: the provisional row (negative id)
 * goes, and this till's sales of it name the server's id from now on. */
static gboolean
adopt_provisional (KasirDatabase        *db,
                   const KasirCustomer  *c,
                   GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "UPDATE sales SET customer_id = ?1 WHERE customer_id <> 0 AND customer_id IN "
                                 "(SELECT id FROM customers WHERE client_id = ?2 AND id < 0)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  kasir_database_bind_text (stmt, 2, c->client_id);
  if (!kasir_database_step_done (db, stmt, "adopt customer", error))
    return FALSE;
  stmt = kasir_database_prepare (db, "DELETE FROM customers WHERE client_id = ? AND id <> ?", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, c->client_id);
  sqlite3_bind_int64 (stmt, 2, c->id);
  return kasir_database_step_done (db, stmt, "adopt customer", error);
}

gboolean
kasir_customer_repository_upsert (KasirCustomerRepository  *self,
                                  GPtrArray                *customers,
                                  GError                  **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), FALSE);
  g_return_val_if_fail (customers != NULL, FALSE);

  db = self->database;
  for (guint i = 0; i < customers->len; i++)
    {
      const KasirCustomer *c = customers->pdata[i];

      if (c == NULL || c->id <= 0 || c->name == NULL || *c->name == '\0' ||
          !g_utf8_validate (c->name, -1, NULL) || c->loyalty_points < 0 || c->version < 0 ||
          (c->phone != NULL && !g_utf8_validate (c->phone, -1, NULL)) ||
          (c->email != NULL && !g_utf8_validate (c->email, -1, NULL)))
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Customer %" PRId64 " is not valid"), c != NULL ? c->id : 0);
          return FALSE;
        }
    }

  if (!kasir_database_begin (db, error))
    return FALSE;
  for (guint i = 0; i < customers->len; i++)
    {
      const KasirCustomer *c = customers->pdata[i];
      sqlite3_stmt *stmt;

      if (c->client_id != NULL && !adopt_provisional (db, c, error))
        goto fail;
      stmt = kasir_database_prepare (db,
                                     "INSERT OR REPLACE INTO customers (id, name, phone, email, "
                                     "loyalty_points, version, member_code, client_id) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, c->id);
      kasir_database_bind_text (stmt, 2, c->name);
      kasir_database_bind_text (stmt, 3, c->phone);
      kasir_database_bind_text (stmt, 4, c->email);
      sqlite3_bind_int64 (stmt, 5, c->loyalty_points);
      sqlite3_bind_int64 (stmt, 6, c->version);
      kasir_database_bind_text (stmt, 7, c->member_code);
      kasir_database_bind_text (stmt, 8, c->client_id);
      if (!kasir_database_step_done (db, stmt, "write customer", error))
        goto fail;
    }

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

static GPtrArray *
collect_customers (KasirDatabase  *db,
                   sqlite3_stmt   *stmt,
                   GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_customer_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirCustomer *c = kasir_customer_new ();

      c->id = sqlite3_column_int64 (stmt, 0);
      c->name = kasir_database_column_dup (stmt, 1);
      c->phone = kasir_database_column_dup (stmt, 2);
      c->email = kasir_database_column_dup (stmt, 3);
      c->loyalty_points = sqlite3_column_int64 (stmt, 4);
      c->version = sqlite3_column_int64 (stmt, 5);
      c->member_code = kasir_database_column_dup (stmt, 6);
      c->client_id = kasir_database_column_dup (stmt, 7);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read customers", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&list);
}

#define CUSTOMER_COLUMNS "id, name, phone, email, loyalty_points, version, member_code, client_id"

KasirCustomer *
kasir_customer_repository_get (KasirCustomerRepository  *self,
                               gint64                    customer_id,
                               GError                  **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = ?",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  list = collect_customers (self->database, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no customer %" PRId64), customer_id);
      return NULL;
    }

  return g_ptr_array_steal_index (list, 0);
}

/* Escapes LIKE's wildcards so that typed text matches only itself. */
static char *
like_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

GPtrArray *
kasir_customer_repository_search (KasirCustomerRepository  *self,
                                  const char               *text,
                                  guint                     limit,
                                  GError                  **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *name_pattern = NULL;
  g_autofree char *phone_pattern = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The search text is not valid text"));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || limit == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_customer_free);

  for (const char *p = trimmed; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  escaped = like_escape (trimmed);
  name_pattern = g_strconcat (escaped, "%", NULL);
  /* At least three digits, or "08" would match nearly every phone number. */
  if (digits->len >= 3)
    phone_pattern = g_strconcat ("%", digits->str, "%", NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " CUSTOMER_COLUMNS " FROM customers "
                                 "WHERE name LIKE ?1 ESCAPE '\\' OR member_code = ?4 "
                                 "OR (?2 IS NOT NULL AND replace(replace(replace(replace("
                                 "    replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), "
                                 "    ')', '') LIKE ?2) "
                                 "ORDER BY name, id LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, name_pattern);
  kasir_database_bind_text (stmt, 2, phone_pattern);
  sqlite3_bind_int64 (stmt, 3, limit);
  kasir_database_bind_text (stmt, 4, trimmed);

  return collect_customers (self->database, stmt, error);
}

gint64
kasir_customer_repository_save_edit (KasirCustomerRepository  *self,
                                     KasirEdit                *edit,
                                     GError                  **error)
{
  static const char * const columns[] = { "name", "phone", "email", "member_code" };
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(KasirEdit) checked = NULL;
  g_autofree char *entity_id = NULL;
  KasirDatabase *db;
  JsonObject *fields;
  gint64 seq;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), 0);

  if (edit == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("There is no change to save"));
      return 0;
    }
  if (edit->client_id == NULL)
    edit->client_id = kasir_uuid_new ();

  /* Decoded back before anything is written: the same checks the server makes. */
  payload = kasir_protocol_encode_customer_upsert (edit);
  checked = kasir_protocol_decode_customer_upsert (payload, error);
  if (checked == NULL)
    return 0;

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;

  entity_id = checked->entity_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, checked->entity_id)
                                     : g_strdup (checked->client_id);
  seq = kasir_outbox_repository_enqueue_in_transaction (self->outbox,
                                                        KASIR_MUTATION_CUSTOMER_UPSERT,
                                                        entity_id, payload, NULL, error);
  if (seq == 0)
    goto fail;

  fields = json_node_get_object (checked->fields);
  for (guint i = 0; checked->entity_id > 0 && i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *sql = NULL;
      JsonNode *value;
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (!json_object_has_member (fields, columns[i]))
        continue;
      value = json_object_get_member (fields, columns[i]);
      /* The column name comes from the fixed list above, never from input. */
      sql = g_strdup_printf ("UPDATE customers SET %s = ? WHERE id = ?", columns[i]);
      rc = sqlite3_prepare_v2 (kasir_database_get_handle (db), sql, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          kasir_database_set_error (db, rc, "customer edit", error);
          goto fail;
        }
      kasir_database_bind_text (stmt, 1, JSON_NODE_HOLDS_NULL (value)
                                           ? NULL : json_node_get_string (value));
      sqlite3_bind_int64 (stmt, 2, checked->entity_id);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          kasir_database_set_error (db, rc, "customer edit", error);
          goto fail;
        }
    }

  if (!kasir_database_commit (db, error))
    return 0;

  return seq;

fail:
  kasir_database_rollback (db);
  return 0;
}

/* The first customer @sql (fixed text, never input) finds for @value. */
static KasirCustomer *
get_where (KasirCustomerRepository  *self,
           const char               *sql,
           const char               *value,
           const char               *not_found,
           GError                  **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  if (value != NULL && *value != '\0' && g_utf8_validate (value, -1, NULL))
    {
      stmt = kasir_database_prepare (self->database, sql, error);
      if (stmt == NULL)
        return NULL;
      kasir_database_bind_text (stmt, 1, value);
      list = collect_customers (self->database, stmt, error);
      if (list == NULL)
        return NULL;
      if (list->len > 0)
        return g_ptr_array_steal_index (list, 0);
    }
  g_set_error_literal (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND, not_found);
  return NULL;
}

KasirCustomer *
kasir_customer_repository_get_by_member_code (KasirCustomerRepository  *self,
                                              const char               *code,
                                              GError                  **error)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), NULL);

  return get_where (self, "SELECT " CUSTOMER_COLUMNS " FROM customers "
                    "WHERE member_code = ? ORDER BY id DESC LIMIT 1", code,
                    _("No member has this card"), error);
}

KasirCustomer *
kasir_customer_repository_get_by_client_id (KasirCustomerRepository  *self,
                                            const char               *client_id,
                                            GError                  **error)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), NULL);

  return get_where (self, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE client_id = ?",
                    client_id, _("There is no such customer"), error);
}

gboolean
kasir_customer_repository_check_new (const char  *name,
                                     const char  *phone,
                                     const char  *member_code,
                                     GError     **error)
{
  if (name == NULL || !g_utf8_validate (name, -1, NULL) || *name == '\0')
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   _("Enter the customer’s name"));
      return FALSE;
    }
  for (const char *p = phone; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                     _("A phone number has digits only"));
        return FALSE;
      }
  if (member_code != NULL && !g_utf8_validate (member_code, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The member code is not valid text"));
      return FALSE;
    }
  return TRUE;
}

static void
set_text_field (JsonObject *fields,
                const char *name,
                const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (fields, name, value);
}

KasirCustomer *
kasir_customer_repository_create (KasirCustomerRepository  *self,
                                  const char               *name,
                                  const char               *phone,
                                  const char               *member_code,
                                  gint64                    staff_id,
                                  GError                  **error)
{
  g_autoptr(KasirEdit) edit = g_new0 (KasirEdit, 1);
  g_autoptr(KasirCustomer) c = kasir_customer_new ();
  g_autofree char *trimmed = NULL;
  KasirDatabase *db;
  sqlite3_stmt *stmt;
  JsonObject *fields;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), NULL);

  trimmed = name != NULL ? g_strstrip (g_strdup (name)) : NULL;
  if (!kasir_customer_repository_check_new (trimmed, phone, member_code, error))
    return NULL;

  edit->client_id = kasir_uuid_new ();
  edit->staff_id = staff_id;
  edit->fields = json_node_new (JSON_NODE_OBJECT);
  fields = json_object_new ();
  json_node_take_object (edit->fields, fields);
  json_object_set_string_member (fields, "name", trimmed);
  set_text_field (fields, "phone", phone);
  set_text_field (fields, "member_code", member_code);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return NULL;
  if (kasir_customer_repository_save_edit (self, edit, error) == 0)
    goto fail;
  /* A provisional row until pull brings the server's: a negative id no server row has. */
  stmt = kasir_database_prepare (db,
                                 "INSERT INTO customers (id, name, phone, loyalty_points, version, "
                                 "member_code, client_id) VALUES "
                                 "(MIN(-1, COALESCE((SELECT MIN(id) FROM customers), 0) - 1), ?, ?, 0, 0, ?, ?)",
                                 error);
  if (stmt == NULL)
    goto fail;
  kasir_database_bind_text (stmt, 1, trimmed);
  kasir_database_bind_text (stmt, 2, phone != NULL && *phone != '\0' ? phone : NULL);
  kasir_database_bind_text (stmt, 3, member_code != NULL && *member_code != '\0' ? member_code : NULL);
  kasir_database_bind_text (stmt, 4, edit->client_id);
  if (!kasir_database_step_done (db, stmt, "write customer", error))
    goto fail;
  c->id = sqlite3_last_insert_rowid (kasir_database_get_handle (db));
  if (!kasir_database_commit (db, error))
    return NULL;

  return kasir_customer_repository_get (self, c->id, error);

fail:
  kasir_database_rollback (db);
  return NULL;
}

gboolean
kasir_customer_repository_add_points (KasirCustomerRepository  *self,
                                      gint64                    customer_id,
                                      gint64                    delta,
                                      GError                  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), FALSE);

  if (customer_id == 0 || delta == 0)
    return TRUE;
  /* The till's own estimate until pull brings the server's balance; never below zero. */
  stmt = kasir_database_prepare (self->database,
                                 "UPDATE customers SET loyalty_points = MAX(0, loyalty_points + ?) "
                                 "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, delta);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  return kasir_database_step_done (self->database, stmt, "customer points", error);
}

static void
customer_sale_free (KasirCustomerSale *self)
{
  g_free (self->receipt_no);
  g_free (self->created_at);
  g_free (self);
}

GPtrArray *
kasir_customer_repository_history (KasirCustomerRepository  *self,
                                   gint64                    customer_id,
                                   guint                     limit,
                                   GError                  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) customer_sale_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT receipt_no, created_at, total, loyalty_earned, loyalty_redeemed "
                                 "FROM sales WHERE customer_id = ? AND customer_id <> 0 "
                                 "ORDER BY created_at DESC, receipt_seq DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirCustomerSale *row = g_new0 (KasirCustomerSale, 1);

      row->receipt_no = kasir_database_column_dup (stmt, 0);
      row->created_at = kasir_database_column_dup (stmt, 1);
      row->total = sqlite3_column_int64 (stmt, 2);
      row->points_earned = sqlite3_column_int64 (stmt, 3);
      row->points_redeemed = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (list, row);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "read customer history", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&list);
}
