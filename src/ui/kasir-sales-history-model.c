/* kasir-sales-history-model.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-receipt-barcode.h"
#include "kasir-sales-history-model.h"

#define PAGE_SIZE 100
#define MAX_PAGES 6 /* pages kept: a view has widgets for about two pages of rows */
/* A new search shows at once the rows it keeps in place and at least this many (a
 * screenful), and the list grows by this many rows at a time below redrawing: each row
 * a GTK 4.8 column view makes or destroys costs a widget per column, and a keystroke
 * that changed the list by a hundred rows in one go took longer than a frame. */
#define GROW_ROWS 25
/* GTK 4.8's list views keep widgets for about 200 rows: past them the list grows to its
 * end in one step, which makes no widgets. */
#define VIEW_ROWS 210

/* ---- One row ---- */

struct _KasirSaleRow
{
  GObject           parent_instance;
  KasirSaleSummary *summary;
};

enum
{
  ROW_PROP_0,
  ROW_PROP_CREATED_AT,
  ROW_PROP_RECEIPT_NO,
  ROW_PROP_STAFF_NAME,
  ROW_PROP_CUSTOMER_NAME,
  ROW_PROP_TOTAL,
  ROW_PROP_METHODS,
  ROW_PROP_SYNC,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

G_DEFINE_FINAL_TYPE (KasirSaleRow, kasir_sale_row, G_TYPE_OBJECT)

static void
kasir_sale_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  const KasirSaleSummary *s = KASIR_SALE_ROW (object)->summary;

  switch (prop_id)
    {
    case ROW_PROP_CREATED_AT:
      g_value_set_string (value, s->created_at);
      break;
    case ROW_PROP_RECEIPT_NO:
      g_value_set_string (value, s->receipt_no);
      break;
    case ROW_PROP_STAFF_NAME:
      g_value_set_string (value, s->staff_name);
      break;
    case ROW_PROP_CUSTOMER_NAME:
      g_value_set_string (value, s->customer_name);
      break;
    case ROW_PROP_TOTAL:
      g_value_set_int64 (value, s->total);
      break;
    case ROW_PROP_METHODS:
      g_value_set_string (value, s->methods);
      break;
    case ROW_PROP_SYNC:
      g_value_set_int (value, (int) s->sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_sale_row_finalize (GObject *object)
{
  g_clear_pointer (&KASIR_SALE_ROW (object)->summary, kasir_sale_summary_free);
  G_OBJECT_CLASS (kasir_sale_row_parent_class)->finalize (object);
}

static void
kasir_sale_row_class_init (KasirSaleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = kasir_sale_row_finalize;
  object_class->get_property = kasir_sale_row_get_property;
  row_properties[ROW_PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_RECEIPT_NO] = g_param_spec_string ("receipt-no", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_STAFF_NAME] = g_param_spec_string ("staff-name", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_CUSTOMER_NAME] = g_param_spec_string ("customer-name", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  row_properties[ROW_PROP_METHODS] = g_param_spec_string ("methods", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_SYNC] = g_param_spec_int ("sync", NULL, NULL, 0, G_MAXINT, 0, flags);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
kasir_sale_row_init (KasirSaleRow *self)
{
}

static KasirSaleRow *
kasir_sale_row_new (KasirSaleSummary *summary)
{
  KasirSaleRow *self = g_object_new (KASIR_TYPE_SALE_ROW, NULL);

  self->summary = summary;
  return self;
}

/* Takes @summary as this row's; tells only what changed, so a cell bound to an
 * unchanged property is not touched. */
static void
kasir_sale_row_set_summary (KasirSaleRow     *self,
                            KasirSaleSummary *summary)
{
  KasirSaleSummary *old = self->summary;

  self->summary = summary;
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (old->created_at, summary->created_at) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_CREATED_AT]);
  if (g_strcmp0 (old->receipt_no, summary->receipt_no) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_RECEIPT_NO]);
  if (g_strcmp0 (old->staff_name, summary->staff_name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_STAFF_NAME]);
  if (g_strcmp0 (old->customer_name, summary->customer_name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_CUSTOMER_NAME]);
  if (old->total != summary->total)
    g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_TOTAL]);
  if (g_strcmp0 (old->methods, summary->methods) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_METHODS]);
  if (old->sync != summary->sync)
    g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_SYNC]);
  kasir_sale_summary_free (old);
  g_object_thaw_notify (G_OBJECT (self));
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
  char           *scanned;  /* the receipt number @receipt's digits name as a barcode */
  char           *from;     /* RFC 3339, inclusive, or NULL */
  char           *until;    /* RFC 3339, exclusive, or NULL */
  gint64          staff_id;
  gint64          customer_id;
  int             method;   /* a KasirPaymentMethod, or -1 */
  guint           n_items;  /* the rows the list holds now */
  guint           target;   /* the rows it grows to: those read, or the count when it came */
  guint           growing;  /* the idle source growing the list, or 0 */
  GHashTable     *pages; /* page number → GPtrArray of KasirSaleRow */
  GCancellable   *counting; /* the count a worker thread is making, or NULL */
};

static void list_model_iface_init (GListModelInterface *iface);
static void stop_count (KasirSalesHistoryModel *self);
static void stop_growing (KasirSalesHistoryModel *self);

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
  filter.scanned = self->scanned;
  filter.from = self->from;
  filter.until = self->until;
  filter.staff_id = self->staff_id;
  filter.customer_id = self->customer_id;
  filter.method = self->method;
  return filter;
}

/* Reads page @page_no into @old_rows' objects (NULL: new ones), which keep their places
 * and take the new sales. @before: the page before, as read for this filter, or NULL. */
static GPtrArray *
refill_page (KasirSalesHistoryModel *self,
             GPtrArray              *old_rows,
             GPtrArray              *before,
             guint                   page_no)
{
  KasirSalesFilter filter = make_filter (self);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  if (before != NULL && before->len == PAGE_SIZE)
    summaries = kasir_sales_history_page_after (self->db, &filter,
                                                KASIR_SALE_ROW (before->pdata[PAGE_SIZE - 1])->summary,
                                                PAGE_SIZE, &error);
  else
    summaries = kasir_sales_history_page (self->db, &filter, page_no * PAGE_SIZE, PAGE_SIZE, &error);
  if (summaries == NULL)
    g_warning ("Could not read the sales history: %s", error->message);
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      KasirSaleSummary *summary = g_steal_pointer (&summaries->pdata[i]);

      if (old_rows != NULL && i < old_rows->len)
        {
          KasirSaleRow *row = g_object_ref (old_rows->pdata[i]);

          kasir_sale_row_set_summary (row, summary);
          g_ptr_array_add (rows, row);
        }
      else
        g_ptr_array_add (rows, kasir_sale_row_new (summary));
    }
  return rows;
}

/* The rows of page @page_no, new objects: read on from the page before when it is
 * kept (one range of an index, however far down), else counted from the top. */
static GPtrArray *
load_page (KasirSalesHistoryModel *self,
           guint                   page_no)
{
  GPtrArray *before = page_no > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_no - 1)) : NULL;
  GPtrArray *rows = refill_page (self, NULL, before, page_no);

  /* The page farthest from this one goes: the view's rows are near it. */
  if (g_hash_table_size (self->pages) >= MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key;
      guint farthest = page_no;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (ABS ((gint64) GPOINTER_TO_UINT (key) - page_no) > ABS ((gint64) farthest - page_no))
          farthest = GPOINTER_TO_UINT (key);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (farthest));
    }
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

  stop_count (self);
  stop_growing (self);
  g_clear_object (&self->db);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  G_OBJECT_CLASS (kasir_sales_history_model_parent_class)->dispose (object);
}

static void
kasir_sales_history_model_finalize (GObject *object)
{
  g_free (KASIR_SALES_HISTORY_MODEL (object)->receipt);
  g_free (KASIR_SALES_HISTORY_MODEL (object)->from);
  g_free (KASIR_SALES_HISTORY_MODEL (object)->until);
  g_free (KASIR_SALES_HISTORY_MODEL (object)->scanned);
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
  self->method = -1;
}

static int
compare_page_no (gconstpointer a,
                 gconstpointer b)
{
  guint x = GPOINTER_TO_UINT (a), y = GPOINTER_TO_UINT (b);

  return (x > y) - (x < y);
}

/* Fills the kept pages at the top of the list, in order from page 0 and while each is
 * whole, with the rows of the new filter, in their old rows' objects. Returns how many
 * rows from the top keep their objects; @out_known: the rows read; @out_end: whether the
 * list's end was read; @out_rest: whether a kept page was left further down (the view
 * may have widgets there). */
static guint
refill_top_pages (KasirSalesHistoryModel *self,
                  GHashTable             *old_pages,
                  guint                  *out_known,
                  gboolean               *out_end,
                  gboolean               *out_rest)
{
  GList *kept = g_list_sort (g_hash_table_get_keys (old_pages), compare_page_no);
  guint same = 0, next = 0;
  GList *l;

  *out_known = 0;
  *out_end = FALSE;
  for (l = kept; l != NULL && GPOINTER_TO_UINT (l->data) == next; l = l->next)
    {
      GPtrArray *old_rows = g_hash_table_lookup (old_pages, l->data);
      GPtrArray *before = next > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (next - 1)) : NULL;
      GPtrArray *rows = refill_page (self, old_rows, before, next);

      g_hash_table_insert (self->pages, l->data, rows);
      same += MIN (old_rows->len, rows->len);
      *out_known += rows->len;
      *out_end = rows->len < PAGE_SIZE;
      next++;
      if (old_rows->len < PAGE_SIZE || rows->len < PAGE_SIZE)
        {
          l = l->next;
          break;
        }
    }
  *out_rest = l != NULL;
  g_list_free (kept);
  return same;
}

typedef struct
{
  KasirDatabase *db; /* the model's: the worker opens a connection of its own from it */
  char          *receipt;
  char          *scanned;
  char          *from;
  char          *until;
  gint64         staff_id;
  gint64         customer_id;
  int            method;
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_object_unref (job->db);
  g_free (job->receipt);
  g_free (job->scanned);
  g_free (job->from);
  g_free (job->until);
  g_free (job);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;
  KasirSalesFilter filter = KASIR_SALES_FILTER_INIT;
  g_autoptr(KasirDatabase) connection = NULL;
  GError *error = NULL;
  gint64 n = 0;

  if (g_task_return_error_if_cancelled (task))
    return;
  connection = kasir_database_open_connection (job->db, &error);
  filter.receipt = job->receipt;
  filter.scanned = job->scanned;
  filter.from = job->from;
  filter.until = job->until;
  filter.staff_id = job->staff_id;
  filter.customer_id = job->customer_id;
  filter.method = job->method;
  if (connection == NULL || !kasir_sales_history_count_cancellable (connection, &filter, cancellable, &n, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) CLAMP (n, 0, G_MAXUINT));
}

static void
stop_growing (KasirSalesHistoryModel *self)
{
  g_clear_handle_id (&self->growing, g_source_remove);
}

/* One step of the list's growth to its target: the rows after those it holds are told as
 * added, a few at a time while the view makes widgets for them. */
static gboolean
grow (gpointer data)
{
  KasirSalesHistoryModel *self = data;
  guint old = self->n_items;

  if (old + GROW_ROWS >= VIEW_ROWS)
    self->n_items = self->target;
  else
    self->n_items = MIN (self->target, old + GROW_ROWS);
  if (self->n_items == self->target)
    self->growing = 0;
  if (self->n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_items - old);
  return self->growing != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* The steps come below redrawing, as the count does: a frame due is drawn, and a key
 * pressed is heard, between two of them. */
static void
start_growing (KasirSalesHistoryModel *self)
{
  if (self->growing == 0 && self->n_items < self->target)
    self->growing = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, grow, self, NULL);
}

/* The count came: the list grows to it, a few rows at a time. */
static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  KasirSalesHistoryModel *self = KASIR_SALES_HISTORY_MODEL (source);
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  /* A later search (or the model's end) has stopped this count. */
  if (g_task_get_cancellable (G_TASK (result)) != self->counting)
    return;
  g_clear_object (&self->counting);
  if (n < 0)
    {
      g_warning ("Could not count the sales: %s", error->message);
      return;
    }
  if ((gsize) n > self->target)
    {
      self->target = (guint) n;
      start_growing (self);
    }
}

static void
stop_count (KasirSalesHistoryModel *self)
{
  if (self->counting != NULL)
    g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
}

/* Counts the sales of the filter on a worker thread: the UI thread never waits for a
 * count through 100,000 sales. */
static void
start_count (KasirSalesHistoryModel *self)
{
  g_autoptr(GTask) task = NULL;
  CountJob *job = g_new0 (CountJob, 1);

  job->db = g_object_ref (self->db);
  job->receipt = g_strdup (self->receipt);
  job->scanned = g_strdup (self->scanned);
  job->from = g_strdup (self->from);
  job->until = g_strdup (self->until);
  job->staff_id = self->staff_id;
  job->customer_id = self->customer_id;
  job->method = self->method;
  self->counting = g_cancellable_new ();
  task = g_task_new (self, self->counting, on_counted, NULL);
  g_task_set_source_tag (task, start_count);
  /* The count comes back below redrawing: a frame due with the top rows is drawn before
   * the list grows (the growth makes the view's rows below them). */
  g_task_set_priority (task, G_PRIORITY_DEFAULT_IDLE);
  g_task_set_task_data (task, job, count_job_free);
  g_task_run_in_thread (task, count_thread);
}

void
kasir_sales_history_model_reload (KasirSalesHistoryModel *self)
{
  g_autoptr(GHashTable) old_pages = NULL;
  guint old = self->n_items, same, known;
  gboolean rest = FALSE, end = FALSE;

  g_return_if_fail (KASIR_IS_SALES_HISTORY_MODEL (self));

  stop_count (self);
  stop_growing (self);
  /* The rows of the kept pages at the top keep their objects and take the new sales;
   * the view is told only about the rows after them. Its widgets for those top rows stay
   * (their cells follow the rows' properties), and none it follows (the top row, the
   * focused one) is among the rows it is told went: told so, GTK 4.8's list view looks
   * for that row's item through every new row, reading every page. */
  old_pages = g_steal_pointer (&self->pages);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  same = refill_top_pages (self, old_pages, &known, &end, &rest);
  if (known == 0 && !end)
    {
      GPtrArray *rows = refill_page (self, NULL, NULL, 0);

      g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), rows);
      known = rows->len;
      end = rows->len < PAGE_SIZE;
    }
  /* Until the count comes the list grows to the rows read; at once it holds those kept
   * in place, or a screenful. */
  same = MIN (same, MIN (old, known));
  self->target = known;
  if (rest && known > same)
    {
      /* The view had rows further down (it was scrolled): told in two steps, every row
       * going and then the new ones coming, it follows no row through the new ones. */
      self->n_items = 0;
      if (old > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
      self->n_items = MIN (known, GROW_ROWS);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);
    }
  else
    {
      self->n_items = MIN (known, MAX (same, GROW_ROWS));
      if (old > same || self->n_items > same)
        g_list_model_items_changed (G_LIST_MODEL (self), same, old - same, self->n_items - same);
    }
  start_growing (self);
  if (!end)
    start_count (self);
}

gboolean
kasir_sales_history_model_is_counting (KasirSalesHistoryModel *self)
{
  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_MODEL (self), FALSE);

  return self->counting != NULL || self->growing != 0;
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

/* The receipt number the digits of a scanned receipt barcode name ("17000123" is
 * "7-000123"), or NULL when @text is not such a scan: its receipt's own number has the
 * six digits or more every receipt number has. */
static char *
scanned_receipt_no (const char *text)
{
  g_autofree char *receipt_no = text != NULL ? kasir_receipt_barcode_receipt_no (text) : NULL;
  const char *dash = receipt_no != NULL ? strchr (receipt_no, '-') : NULL;

  if (dash == NULL || strlen (dash + 1) < 6)
    return NULL;
  return g_steal_pointer (&receipt_no);
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
  g_clear_pointer (&self->scanned, g_free);
  self->scanned = scanned_receipt_no (self->receipt);
  kasir_sales_history_model_reload (self);
}

void
kasir_sales_history_model_set_filters (KasirSalesHistoryModel *self,
                                       const char             *from,
                                       const char             *until,
                                       gint64                  staff_id,
                                       gint64                  customer_id,
                                       int                     method)
{
  g_return_if_fail (KASIR_IS_SALES_HISTORY_MODEL (self));

  if (g_strcmp0 (from, self->from) == 0 && g_strcmp0 (until, self->until) == 0 &&
      staff_id == self->staff_id && customer_id == self->customer_id && method == self->method)
    return;
  g_free (self->from);
  self->from = g_strdup (from);
  g_free (self->until);
  self->until = g_strdup (until);
  self->staff_id = staff_id;
  self->customer_id = customer_id;
  self->method = method;
  kasir_sales_history_model_reload (self);
}
