/* kasir-sales-history-model.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-sales-history-model.h"

#define PAGE_SIZE 100
#define MAX_PAGES 20 /* pages kept; a view shows far fewer rows than that */

/* ---- One row ---- */

struct _KasirSaleRow
{
  GObject           parent_instance;
  KasirSaleSummary *summary;
};

G_DEFINE_FINAL_TYPE (KasirSaleRow, kasir_sale_row, G_TYPE_OBJECT)

static void
kasir_sale_row_finalize (GObject *object)
{
  g_clear_pointer (&KASIR_SALE_ROW (object)->summary, kasir_sale_summary_free);
  G_OBJECT_CLASS (kasir_sale_row_parent_class)->finalize (object);
}

static void
kasir_sale_row_class_init (KasirSaleRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_sale_row_finalize;
}

static void
kasir_sale_row_init (KasirSaleRow *self)
{
}

const KasirSaleSummary *
kasir_sale_row_get_summary (KasirSaleRow *self)
{
  g_return_val_if_fail (KASIR_IS_SALE_ROW (self), NULL);
  return self->summary;
}

/* ---- The model ---- */

struct _KasirSalesHistoryModel
{
  GObject         parent_instance;

  KasirDatabase  *db;
  char           *receipt;
  guint           n_items;
  GHashTable     *pages; /* page number → GPtrArray of KasirSaleRow */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KasirSalesHistoryModel, kasir_sales_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return KASIR_TYPE_SALE_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return KASIR_SALES_HISTORY_MODEL (model)->n_items;
}

static KasirSalesFilter
make_filter (KasirSalesHistoryModel *self)
{
  KasirSalesFilter filter = KASIR_SALES_FILTER_INIT;

  filter.receipt = self->receipt;
  return filter;
}

static GPtrArray *
load_page (KasirSalesHistoryModel *self,
           guint                   page_no)
{
  KasirSalesFilter filter = make_filter (self);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  summaries = kasir_sales_history_page (self->db, &filter, page_no * PAGE_SIZE, PAGE_SIZE, &error);
  if (summaries == NULL)
    g_warning ("Could not read the sales history: %s", error->message);
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      KasirSaleRow *row = g_object_new (KASIR_TYPE_SALE_ROW, NULL);

      row->summary = g_steal_pointer (&summaries->pdata[i]);
      g_ptr_array_add (rows, row);
    }
  if (g_hash_table_size (self->pages) >= MAX_PAGES)
    g_hash_table_remove_all (self->pages);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page_no), rows);
  return rows;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  KasirSalesHistoryModel *self = KASIR_SALES_HISTORY_MODEL (model);
  guint page_no = position / PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_no));
  if (rows == NULL)
    rows = load_page (self, page_no);
  if (position % PAGE_SIZE >= rows->len)
    return NULL;
  return g_object_ref (rows->pdata[position % PAGE_SIZE]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
kasir_sales_history_model_dispose (GObject *object)
{
  KasirSalesHistoryModel *self = KASIR_SALES_HISTORY_MODEL (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  G_OBJECT_CLASS (kasir_sales_history_model_parent_class)->dispose (object);
}

static void
kasir_sales_history_model_finalize (GObject *object)
{
  g_free (KASIR_SALES_HISTORY_MODEL (object)->receipt);
  G_OBJECT_CLASS (kasir_sales_history_model_parent_class)->finalize (object);
}

static void
kasir_sales_history_model_class_init (KasirSalesHistoryModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_sales_history_model_dispose;
  G_OBJECT_CLASS (klass)->finalize = kasir_sales_history_model_finalize;
}

static void
kasir_sales_history_model_init (KasirSalesHistoryModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

void
kasir_sales_history_model_reload (KasirSalesHistoryModel *self)
{
  KasirSalesFilter filter;
  g_autoptr(GError) error = NULL;
  guint old = self->n_items;
  gint64 n = 0;

  g_return_if_fail (KASIR_IS_SALES_HISTORY_MODEL (self));

  filter = make_filter (self);
  if (!kasir_sales_history_count (self->db, &filter, &n, &error))
    g_warning ("Could not count the sales: %s", error->message);
  g_hash_table_remove_all (self->pages);
  /* Every row goes, then the new ones come: a view told that rows were replaced in
   * place looks for its rows among all the new ones, which would read every page. */
  self->n_items = 0;
  if (old > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
  self->n_items = (guint) CLAMP (n, 0, G_MAXUINT);
  if (self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);
}

KasirSalesHistoryModel *
kasir_sales_history_model_new (KasirDatabase *db)
{
  KasirSalesHistoryModel *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), NULL);

  self = g_object_new (KASIR_TYPE_SALES_HISTORY_MODEL, NULL);
  self->db = g_object_ref (db);
  kasir_sales_history_model_reload (self);
  return self;
}

void
kasir_sales_history_model_set_receipt (KasirSalesHistoryModel *self,
                                       const char             *receipt)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KASIR_IS_SALES_HISTORY_MODEL (self));

  text = receipt != NULL ? g_strstrip (g_strdup (receipt)) : NULL;
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  if (g_strcmp0 (text, self->receipt) == 0)
    return;
  g_free (self->receipt);
  self->receipt = g_steal_pointer (&text);
  kasir_sales_history_model_reload (self);
}
