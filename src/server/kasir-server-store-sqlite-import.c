/* kasir-server-store-sqlite-import.c — the SQLite backend: a catalog imported from CSV and the demo data set, each in one transaction.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-sqlite-private.h"

/* ---- Catalog import and demo ---- */

static gboolean
category_id_for (KasirSqliteStore  *self,
                 const char        *name,
                 gint64            *out,
                 GError           **error)
{
  gboolean found;

  *out = 0;
  if (name == NULL || *name == '\0')
    return TRUE;
  if (!kasir_sqlite_query_int (self, error, out, &found, "SELECT id FROM categories WHERE name = ?", "t", name))
    return FALSE;
  if (found)
    return TRUE;
  if (!kasir_sqlite_run (self, error, "INSERT INTO categories (name) VALUES (?)", "t", name))
    return FALSE;
  *out = sqlite3_last_insert_rowid (self->db);
  return kasir_sqlite_log_change_int (self, "category", *out, 0, FALSE, error);
}

/* Refuses a barcode that another SKU already has. */
static gboolean
check_barcode_free (KasirSqliteStore            *self,
                    const KasirServerImportRow  *row,
                    GError                     **error)
{
  g_autofree char *other = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!row->has_barcode || row->barcode == NULL)
    return TRUE;
  stmt = kasir_sqlite_query (self, error, "SELECT sku FROM products WHERE barcode = ? AND sku <> ?", "tt",
                             row->barcode, row->sku);
  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    other = kasir_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (other != NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "line %u, column barcode: %s is already the barcode of SKU %s",
                   row->line, row->barcode, other);
      return FALSE;
    }
  return TRUE;
}

/* Updates the product of an existing SKU from its row; a column missing from the file
 * leaves that field as it is. */
static gboolean
update_from_row (KasirSqliteStore            *self,
                 KasirProduct                *p,
                 const KasirServerImportRow  *row,
                 gint64                       category_id,
                 gboolean                    *changed,
                 gboolean                    *price_changed,
                 GError                     **error)
{
  if (!row->has_category)
    category_id = p->category_id;
  *price_changed = p->price != row->price;
  *changed = *price_changed || g_strcmp0 (p->name, row->name) != 0
             || (row->has_barcode && g_strcmp0 (p->barcode, row->barcode) != 0)
             || p->tax_rate_bp != row->tax_rate_bp || p->category_id != category_id
             || p->archived;
  if (!*changed)
    return TRUE;
  g_free (p->name);
  p->name = g_strdup (row->name);
  if (row->has_barcode)
    {
      g_free (p->barcode);
      p->barcode = g_strdup (row->barcode);
    }
  p->price = row->price;
  p->tax_rate_bp = row->tax_rate_bp;
  p->category_id = category_id;
  p->archived = FALSE;
  p->version++;
  if (*price_changed)
    p->price_version++;
  return kasir_sqlite_run (self, error, "UPDATE products SET barcode = ?, name = ?, price = ?, price_version = ?,"
                           " tax_rate_bp = ?, category_id = ?, archived = 0, version = ? WHERE id = ?",
                           "ttiiiiii", p->barcode, p->name, p->price, p->price_version,
                           (gint64) p->tax_rate_bp, p->category_id, p->version, p->id);
}

static KasirProduct *
create_from_row (KasirSqliteStore            *self,
                 const KasirServerImportRow  *row,
                 gint64                       category_id,
                 GError                     **error)
{
  g_autoptr(KasirProduct) p = kasir_product_new ();

  p->sku = g_strdup (row->sku);
  p->barcode = g_strdup (row->barcode);
  p->name = g_strdup (row->name);
  p->price = row->price;
  p->price_version = 1;
  p->tax_rate_bp = row->tax_rate_bp;
  p->category_id = category_id;
  p->version = 1;
  if (!kasir_sqlite_run (self, error, "INSERT INTO products (sku, barcode, name, price, tax_rate_bp, category_id) "
                         "VALUES (?, ?, ?, ?, ?, ?)", "tttiii", p->sku, p->barcode, p->name, p->price,
                         (gint64) p->tax_rate_bp, p->category_id))
    return NULL;
  p->id = sqlite3_last_insert_rowid (self->db);
  return g_steal_pointer (&p);
}

/* The row's stock: at its outlet, or at every outlet when it names none. */
static gboolean
import_stock (KasirSqliteStore            *self,
              const KasirServerImportRow  *row,
              gint64                       product_id,
              GArray                      *outlets,
              GError                     **error)
{
  gboolean known = FALSE;

  if (!row->has_stock)
    return TRUE;
  if (row->outlet_id == 0)
    {
      for (guint k = 0; k < outlets->len; k++)
        if (!kasir_sqlite_set_stock (self, product_id, g_array_index (outlets, gint64, k), row->stock,
                                     error))
          return FALSE;
      return TRUE;
    }
  for (guint k = 0; k < outlets->len; k++)
    known = known || g_array_index (outlets, gint64, k) == row->outlet_id;
  if (!known)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "line %u, column outlet: no outlet with id %" G_GINT64_FORMAT,
                   row->line, row->outlet_id);
      return FALSE;
    }
  return kasir_sqlite_set_stock (self, product_id, row->outlet_id, row->stock, error);
}

static gboolean
import_row (KasirSqliteStore            *self,
            const KasirServerImportRow  *row,
            GArray                      *outlets,
            guint                       *n_created,
            guint                       *n_updated,
            GError                     **error)
{
  g_autoptr(KasirProduct) p = NULL;
  g_autoptr(JsonNode) data = NULL;
  gint64 category_id, pid;
  gboolean found, changed = FALSE, price_changed = FALSE;

  if (!category_id_for (self, row->category, &category_id, error)
      || !check_barcode_free (self, row, error)
      || !kasir_sqlite_query_int (self, error, &pid, &found, "SELECT id FROM products WHERE sku = ?", "t",
                                  row->sku))
    return FALSE;
  if (found)
    {
      p = kasir_sqlite_load_product (self, pid, error);
      if (p == NULL || !update_from_row (self, p, row, category_id, &changed, &price_changed, error))
        return FALSE;
      if (changed && n_updated != NULL)
        (*n_updated)++;
    }
  else
    {
      p = create_from_row (self, row, category_id, error);
      if (p == NULL)
        return FALSE;
      changed = price_changed = TRUE;
      if (n_created != NULL)
        (*n_created)++;
    }
  if (changed)
    {
      data = kasir_protocol_encode_product (p);
      if ((price_changed
           && !kasir_sqlite_run (self, error, "INSERT OR REPLACE INTO product_prices (product_id, price_version,"
                                 " price) VALUES (?, ?, ?)", "iii", p->id, p->price_version, p->price))
          || !kasir_sqlite_save_history (self, "product", p->id, p->version, data, error)
          || !kasir_sqlite_log_change_int (self, "product", p->id, 0, FALSE, error))
        return FALSE;
    }
  return import_stock (self, row, p->id, outlets, error);
}

static gboolean
import_rows (KasirSqliteStore  *self,
             GPtrArray         *rows,
             guint             *n_created,
             guint             *n_updated,
             GError           **error)
{
  g_autoptr(GArray) outlets = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = kasir_sqlite_query (self, error, "SELECT id FROM outlets ORDER BY id", NULL);
  if (stmt == NULL)
    return FALSE;
  while ((rc = kasir_sqlite_step (self, stmt, error)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (outlets, id);
    }
  sqlite3_reset (stmt);
  if (rc < 0)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!import_row (self, g_ptr_array_index (rows, i), outlets, n_created, n_updated, error))
      return FALSE;
  return TRUE;
}

gboolean
kasir_sqlite_import_products (KasirServerStore  *store,
                        GPtrArray         *rows,
                        guint             *n_created,
                        guint             *n_updated,
                        GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  g_autofree char *detail = NULL;
  guint created = 0, updated = 0;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!import_rows (self, rows, &created, &updated, error))
    goto fail;
  detail = g_strdup_printf ("%u created, %u updated", created, updated);
  if (!kasir_sqlite_audit (self, "admin", "catalog.import", detail, error) || !kasir_sqlite_commit (self, error))
    goto fail;
  if (n_created != NULL)
    *n_created = created;
  if (n_updated != NULL)
    *n_updated = updated;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

gboolean
kasir_sqlite_load_demo (KasirServerStore           *store,
                  const KasirServerDemoData  *demo,
                  GError                    **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gint64 n_outlets;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_sqlite_query_int (self, error, &n_outlets, NULL, "SELECT COUNT(*) FROM outlets", NULL))
    goto fail;
  if (n_outlets != 0)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS,
                   "the database already has outlets; demo data goes only into an empty database");
      goto fail;
    }
  for (guint i = 0; i < demo->outlets->len; i++)
    if (!kasir_sqlite_run (self, error, "INSERT INTO outlets (id, name, created_at) VALUES (?, ?, ?)", "iti",
              (gint64) i + 1, (const char *) g_ptr_array_index (demo->outlets, i), kasir_sqlite_now_unix ()))
      goto fail;
  if (!import_rows (self, demo->products, NULL, NULL, error))
    goto fail;
  for (guint i = 0; i < demo->stock->len; i++)
    {
      const KasirStock *s = g_ptr_array_index (demo->stock, i);
      if (!kasir_sqlite_set_stock (self, s->product_id, s->outlet_id, s->qty, error))
        goto fail;
    }
  for (guint i = 0; i < demo->staff->len; i++)
    {
      const KasirServerNewStaff *s = g_ptr_array_index (demo->staff, i);
      if (!kasir_sqlite_run (self, error, "INSERT INTO staff (outlet_id, name, role, pin_hash) VALUES (?, ?, ?, ?)",
                "ittt", s->outlet_id, s->name, s->role, s->pin_hash)
          || !kasir_sqlite_log_change_int (self, "staff", sqlite3_last_insert_rowid (self->db), s->outlet_id,
                              FALSE, error))
        goto fail;
    }
  for (guint i = 0; i < demo->customers->len; i++)
    {
      const KasirServerNewCustomer *c = g_ptr_array_index (demo->customers, i);
      g_autoptr(KasirCustomer) cust = kasir_customer_new ();
      g_autoptr(JsonNode) data = NULL;

      if (!kasir_sqlite_run (self, error, "INSERT INTO customers (outlet_id, name, phone, email, loyalty_points) "
                "VALUES (?, ?, ?, ?, ?)", "ittti", c->outlet_id, c->name, c->phone, c->email,
                c->loyalty_points))
        goto fail;
      cust->id = sqlite3_last_insert_rowid (self->db);
      cust->name = g_strdup (c->name);
      cust->phone = g_strdup (c->phone);
      cust->email = g_strdup (c->email);
      cust->loyalty_points = c->loyalty_points;
      cust->version = 1;
      data = kasir_protocol_encode_customer (cust);
      if (!kasir_sqlite_save_history (self, "customer", cust->id, 1, data, error)
          || !kasir_sqlite_log_change_int (self, "customer", cust->id, c->outlet_id, FALSE, error))
        goto fail;
    }
  if (!kasir_sqlite_audit (self, "admin", "demo.load", NULL, error) || !kasir_sqlite_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

