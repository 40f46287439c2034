/* kasir-server-apply-import.c — a catalog imported from CSV and the demo data set,
 * written against the storage interface like the mutations: a known SKU is updated (a
 * column missing from the file leaves that field as it is), a new one created, and the
 * stock set at the row's outlet or at every outlet. All or nothing: the backend runs it
 * in one transaction.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

static gboolean
log_int (KasirServerTx  *tx,
         const char     *entity,
         gint64          id,
         gint64          outlet_id,
         GError        **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, id);
  return tx->klass->log_change (tx, entity, buf, outlet_id, FALSE, error);
}

/* The category named @name, made when missing; 0 for none. */
static gboolean
category_id_for (KasirServerTx  *tx,
                 const char     *name,
                 gint64         *out,
                 GError        **error)
{
  gboolean found;

  *out = 0;
  if (name == NULL || *name == '\0')
    return TRUE;
  if (!tx->klass->category_by_name (tx, name, out, &found, error))
    return FALSE;
  if (found)
    return TRUE;
  return tx->klass->insert_category (tx, name, out, error)
         && log_int (tx, "category", *out, 0, error);
}

/* Refuses a barcode that another SKU already has. */
static gboolean
check_barcode_free (KasirServerTx               *tx,
                    const KasirServerImportRow  *row,
                    GError                     **error)
{
  g_autofree char *other = NULL;

  if (!row->has_barcode || row->barcode == NULL)
    return TRUE;
  if (!tx->klass->barcode_owner (tx, row->barcode, row->sku, &other, error))
    return FALSE;
  if (other != NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "line %u, column barcode: %s is already the barcode of SKU %s",
                   row->line, row->barcode, other);
      return FALSE;
    }
  return TRUE;
}

/* Brings a known SKU's product up to its row; *changed says whether anything did. */
static gboolean
update_from_row (KasirServerTx               *tx,
                 KasirProduct                *p,
                 const KasirServerImportRow  *row,
                 gint64                       category_id,
                 gboolean                    *changed,
                 gboolean                    *price_changed,
                 GError                     **error)
{
  gboolean taken;

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
  if (!tx->klass->update_product (tx, p, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "line %u: the barcode of SKU %s is already used", row->line, row->sku);
      return FALSE;
    }
  return TRUE;
}

static KasirProduct *
create_from_row (KasirServerTx               *tx,
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
  if (!tx->klass->insert_product (tx, p, error))
    return NULL;
  return g_steal_pointer (&p);
}

/* The row's stock: at its outlet, or at every outlet when it names none. */
static gboolean
import_stock (KasirServerTx               *tx,
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
        if (!tx->klass->stock_set (tx, product_id, g_array_index (outlets, gint64, k), row->stock,
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
  return tx->klass->stock_set (tx, product_id, row->outlet_id, row->stock, error);
}

static gboolean
import_row (KasirServerTx               *tx,
            const KasirServerImportRow  *row,
            GArray                      *outlets,
            guint                       *n_created,
            guint                       *n_updated,
            GError                     **error)
{
  const KasirServerTxClass *k = tx->klass;
  g_autoptr(KasirProduct) p = NULL;
  g_autoptr(JsonNode) data = NULL;
  gint64 category_id, pid;
  gboolean found, changed = FALSE, price_changed = FALSE;

  if (!category_id_for (tx, row->category, &category_id, error)
      || !check_barcode_free (tx, row, error)
      || !k->product_by_sku (tx, row->sku, &pid, &found, error))
    return FALSE;
  if (found)
    {
      if (!k->load_product (tx, pid, &p, error) || p == NULL
          || !update_from_row (tx, p, row, category_id, &changed, &price_changed, error))
        return FALSE;
      if (changed && n_updated != NULL)
        (*n_updated)++;
    }
  else
    {
      p = create_from_row (tx, row, category_id, error);
      if (p == NULL)
        return FALSE;
      changed = price_changed = TRUE;
      if (n_created != NULL)
        (*n_created)++;
    }
  if (changed)
    {
      data = kasir_protocol_encode_product (p);
      if ((price_changed && !k->save_price (tx, p->id, p->price_version, p->price, error))
          || !k->save_history (tx, "product", p->id, p->version, data, error)
          || !log_int (tx, "product", p->id, 0, error))
        return FALSE;
    }
  return import_stock (tx, row, p->id, outlets, error);
}

static gboolean
apply_import (KasirServerTx  *tx,
                           GPtrArray      *rows,
                           guint          *n_created,
                           guint          *n_updated,
                           GError        **error)
{
  g_autoptr(GArray) outlets = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!tx->klass->outlet_ids (tx, outlets, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!import_row (tx, g_ptr_array_index (rows, i), outlets, n_created, n_updated, error))
      return FALSE;
  return TRUE;
}

static gboolean
demo_customer (KasirServerTx                 *tx,
               const KasirServerNewCustomer  *c,
               GError                       **error)
{
  g_autoptr(KasirCustomer) cust = kasir_customer_new ();
  g_autoptr(JsonNode) data = NULL;

  cust->name = g_strdup (c->name);
  cust->phone = g_strdup (c->phone);
  cust->email = g_strdup (c->email);
  cust->loyalty_points = c->loyalty_points;
  cust->version = 1;
  if (!tx->klass->insert_customer (tx, cust, c->outlet_id, NULL, error))
    return FALSE;
  data = kasir_protocol_encode_customer (cust);
  return tx->klass->save_history (tx, "customer", cust->id, 1, data, error)
         && log_int (tx, "customer", cust->id, c->outlet_id, error);
}

static gboolean
apply_demo (KasirServerTx              *tx,
                         const KasirServerDemoData  *demo,
                         GError                    **error)
{
  const KasirServerTxClass *k = tx->klass;
  g_autoptr(GArray) outlets = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!k->outlet_ids (tx, outlets, error))
    return FALSE;
  if (outlets->len != 0)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS,
                   "the database already has outlets; demo data goes only into an empty database");
      return FALSE;
    }
  for (guint i = 0; i < demo->outlets->len; i++)
    if (!k->insert_outlet (tx, (gint64) i + 1, g_ptr_array_index (demo->outlets, i), error))
      return FALSE;
  if (!apply_import (tx, demo->products, NULL, NULL, error)
      || !kasir_server_tx_demo_modifiers (tx, demo->products, error))
    return FALSE;
  for (guint i = 0; i < demo->stock->len; i++)
    {
      const KasirStock *s = g_ptr_array_index (demo->stock, i);

      if (!k->stock_set (tx, s->product_id, s->outlet_id, s->qty, error))
        return FALSE;
    }
  for (guint i = 0; i < demo->staff->len; i++)
    {
      const KasirServerNewStaff *s = g_ptr_array_index (demo->staff, i);
      gint64 id;

      if (!k->insert_staff (tx, s, &id, error) || !log_int (tx, "staff", id, s->outlet_id, error))
        return FALSE;
    }
  for (guint i = 0; i < demo->customers->len; i++)
    if (!demo_customer (tx, g_ptr_array_index (demo->customers, i), error))
      return FALSE;
  return TRUE;
}

gboolean
kasir_server_tx_import (KasirServerTx  *tx,
                        GPtrArray      *rows,
                        guint          *n_created,
                        guint          *n_updated,
                        GError        **error)
{
  g_autofree char *detail = NULL;
  guint created = 0, updated = 0;

  if (!tx->klass->begin (tx, error))
    return FALSE;
  if (!apply_import (tx, rows, &created, &updated, error))
    goto fail;
  detail = g_strdup_printf ("%u created, %u updated", created, updated);
  if (!tx->klass->audit (tx, "admin", "catalog.import", detail, error) || !tx->klass->commit (tx, error))
    goto fail;
  if (n_created != NULL)
    *n_created = created;
  if (n_updated != NULL)
    *n_updated = updated;
  return TRUE;

fail:
  tx->klass->rollback (tx);
  return FALSE;
}

gboolean
kasir_server_tx_load_demo (KasirServerTx              *tx,
                           const KasirServerDemoData  *demo,
                           GError                    **error)
{
  if (!tx->klass->begin (tx, error))
    return FALSE;
  if (!apply_demo (tx, demo, error)
      || !tx->klass->audit (tx, "admin", "demo.load", NULL, error)
      || !tx->klass->commit (tx, error))
    {
      tx->klass->rollback (tx);
      return FALSE;
    }
  return TRUE;
}
