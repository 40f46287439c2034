/* kasir-sales-history-window.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-history-filter-bar.h"
#include "kasir-payment-method.h"
#include "kasir-receipt-printer.h"
#include "kasir-refund-receipt.h"
#include "kasir-refund-dialog.h"
#include "kasir-sales-history-window.h"
#include "kasir-sync-service.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

#define RECEIPT_COLUMNS 40

enum
{
  COLUMN_TIME,
  COLUMN_RECEIPT,
  COLUMN_CASHIER,
  COLUMN_CUSTOMER,
  COLUMN_TOTAL,
  COLUMN_METHODS,
  COLUMN_STATE,
  N_COLUMNS
};

struct _KasirSalesHistoryWindow
{
  KasirTillDialog         parent_instance;

  KasirSalesHistoryModel *model;
  GtkSingleSelection     *selection;
  GtkSearchEntry         *search_entry;
  GtkColumnView          *view;
  GtkLabel               *receipt_label;
  GtkStack               *receipt_stack; /* "none" until a sale is chosen, then "receipt" */
  GtkLabel               *note_label;
  KasirSale              *shown;     /* the sale whose receipt is shown */
  KasirReceiptPrinter    *refund_printer; /* the refund receipt shown, or NULL */
  guint                   print_idle;     /* printing a refund's receipt after its dialog */
  KasirHistoryFilterBar  *filter_bar;
  char                   *filter_problem;  /* a filter that cannot be read, or NULL */
  KasirRemoteSale        *remote;    /* shown is another till's sale, found on the server */
  gboolean                shown_remote; /* shown came from the server (remote may be gone) */
  gboolean                asked_server; /* the note says what the server answered */
  char                   *searched;  /* the receipt number the list was last narrowed to */
  GCancellable           *lookup;    /* the look-up on the server under way, or NULL */
};

G_DEFINE_FINAL_TYPE (KasirSalesHistoryWindow, kasir_sales_history_window, KASIR_TYPE_TILL_DIALOG)

static KasirTillContext *
get_context (KasirSalesHistoryWindow *self)
{
  return kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
}

static const char *
sync_text (KasirSaleSyncState state)
{
  switch (state)
    {
    case KASIR_SALE_SYNC_PENDING:
      /* Translators: a sale's state in the sales history. */
      return _("Pending");
    case KASIR_SALE_SYNC_CONFLICT:
      return _("Conflict");
    case KASIR_SALE_SYNC_SYNCED:
    default:
      return _("Synced");
    }
}

/* What each column shows: the row's property that tells it changed, and the width of its
 * text in characters, at least and at best (a cell's size never depends on its text, so
 * a new search that fills the rows in place makes no row measure itself again). Times,
 * receipt numbers, totals and states are never cut short, nor are two ways of paying
 * ("Card + Cash"); names, and three ways of paying, may be. */
static const struct
{
  const char *property;
  const char *notify;
  guint       min_chars;
  guint       chars;
} columns[N_COLUMNS] = {
  [COLUMN_TIME] = { "created-at", "notify::created-at", 17, 17 },
  [COLUMN_RECEIPT] = { "receipt-no", "notify::receipt-no", 10, 10 },
  [COLUMN_CASHIER] = { "staff-name", "notify::staff-name", 4, 12 },
  [COLUMN_CUSTOMER] = { "customer-name", "notify::customer-name", 4, 12 },
  [COLUMN_TOTAL] = { "total", "notify::total", 13, 13 },
  [COLUMN_METHODS] = { "methods", "notify::methods", 11, 16 },
  [COLUMN_STATE] = { "sync", "notify::sync", 9, 9 },
};

/* The text of @column for the sale @s. */
static char *
cell_text (KasirSalesHistoryWindow *self,
           const KasirSaleSummary  *s,
           guint                    column)
{
  switch (column)
    {
    case COLUMN_TIME:
      return s->created_at != NULL ? kasir_ui_format_time (s->created_at) : g_strdup ("");
    case COLUMN_RECEIPT:
      return g_strdup (s->receipt_no);
    case COLUMN_CASHIER:
      return g_strdup (s->staff_name);
    case COLUMN_CUSTOMER:
      return g_strdup (s->customer_name);
    case COLUMN_TOTAL:
      return kasir_ui_money_format (s->total, kasir_till_context_get_currency (get_context (self)));
    case COLUMN_METHODS:
      /* The store lists a sale's payments by their wire codes ("card+cash"); a person
       * reads the names the checkout and the receipt use. */
      return kasir_payment_method_codes_label (s->methods);
    case COLUMN_STATE:
    default:
      return g_strdup (sync_text (s->sync));
    }
}

/* What a column's cells need: the window (for the currency) and which column. */
typedef struct
{
  KasirSalesHistoryWindow *window;
  guint                    column;
} ColumnData;

static void
column_data_free (gpointer data,
                  GClosure *closure)
{
  g_free (data);
}

/* A cell showing a row: it follows the row's property for its column while bound, so a
 * row whose sale changes in place (a new search fills the rows a view already shows)
 * keeps its widgets. */
typedef struct
{
  GtkInscription   *cell;
  const ColumnData *column;
} CellBinding;

static void
cell_binding_free (gpointer  data,
                   GClosure *closure)
{
  g_free (data);
}

static void
show_cell (CellBinding  *binding,
           KasirSaleRow *row)
{
  g_autofree char *text = cell_text (binding->column->window, kasir_sale_row_get_summary (row),
                                     binding->column->column);

  gtk_inscription_set_text (binding->cell, text);
}

static void
on_row_changed (KasirSaleRow *row,
                GParamSpec   *pspec,
                CellBinding  *binding)
{
  show_cell (binding, row);
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ColumnData               *data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), data->column == COLUMN_TOTAL ? 1.0 : 0.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), columns[data->column].min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), columns[data->column].chars);
  gtk_list_item_set_child (item, cell);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         ColumnData               *data)
{
  KasirSaleRow *row = gtk_list_item_get_item (item);
  CellBinding *binding = g_new (CellBinding, 1);

  binding->cell = GTK_INSCRIPTION (gtk_list_item_get_child (item));
  binding->column = data;
  show_cell (binding, row);
  g_signal_connect_data (row, columns[data->column].notify, G_CALLBACK (on_row_changed), binding, cell_binding_free, 0);
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ColumnData               *data)
{
  /* A row is bound to one cell of each column at a time: its one handler for this
   * column's property. */
  g_signal_handlers_disconnect_matched (gtk_list_item_get_item (item),
                                        G_SIGNAL_MATCH_DETAIL | G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_ID,
                                        g_signal_lookup ("notify", G_TYPE_OBJECT),
                                        g_quark_from_static_string (columns[data->column].property),
                                        NULL, G_CALLBACK (on_row_changed), NULL);
}

static void
add_column (KasirSalesHistoryWindow *self,
            guint                    column,
            const char              *title,
            gboolean                 expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  ColumnData *data = g_new0 (ColumnData, 1);

  /* The factory lives no longer than the window's view: a plain pointer back is safe. */
  data->window = self;
  data->column = column;
  g_signal_connect_data (factory, "setup", G_CALLBACK (on_setup), data, column_data_free, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), data);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), data);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->view, col);
  g_object_unref (col);
}

static const char *
offline_text (void)
{
  return _("No sale with this receipt number on this till. This till is not connected to the "
           "server, so only its own sales are available; a sale of another till can be given "
           "back once it is connected again.");
}

/* The server's client when the till is in touch with it, or NULL. */
static KasirSyncClient *
can_look_up (KasirSalesHistoryWindow *self)
{
  KasirSyncService *sync = kasir_till_context_get_sync_service (get_context (self));

  if (sync == NULL)
    return NULL;
  switch (kasir_sync_service_get_state (sync))
    {
    case KASIR_SYNC_STATUS_ONLINE:
    case KASIR_SYNC_STATUS_SYNCING:
    case KASIR_SYNC_STATUS_ATTENTION:
      return kasir_sync_service_get_client (sync);
    default:
      return NULL;
    }
}

static void
forget_remote (KasirSalesHistoryWindow *self)
{
  if (self->lookup != NULL)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  g_clear_pointer (&self->remote, kasir_remote_sale_free);
}

static void
show_note (KasirSalesHistoryWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  if (self->asked_server)
    return;
  if (empty && *text != '\0' && can_look_up (self))
    gtk_label_set_text (self->note_label,
                        _("No sale with this receipt number on this till. Press Enter to look for it "
                          "among the other tills’ sales on the server."));
  else if (empty && *text != '\0')
    gtk_label_set_text (self->note_label, offline_text ());
  else if (empty)
    gtk_label_set_text (self->note_label, _("No sales on this till yet."));
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), empty);
}

static void
on_search_changed (KasirSalesHistoryWindow *self)
{
  kasir_sales_history_window_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

void
kasir_sales_history_window_search (KasirSalesHistoryWindow *self,
                                   const char              *text)
{
  g_return_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self));

  /* Setting the text deletes the old one first, and the entry says at once that it was
   * emptied: not heard, or every search would first list all the sales again. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
      g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
    }
  /* The entry says it changed a moment after the text was set: the same search again
   * keeps what was found, on this till or on the server. */
  if (g_strcmp0 (self->searched, text) == 0)
    return;
  g_free (self->searched);
  self->searched = g_strdup (text);
  /* A selection looks for its item among all the new rows when the list changes under
   * it, which would read every page: nothing is selected while it changes. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (self->shown_remote)
    g_clear_pointer (&self->shown, kasir_sale_free);
  self->shown_remote = FALSE;
  self->asked_server = FALSE;
  forget_remote (self);
  kasir_sales_history_model_set_receipt (self->model, text);
  show_note (self);
}

static void
on_filters_changed (KasirSalesHistoryWindow *self)
{
  KasirHistoryFilters filters;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->filter_problem, g_free);
  g_clear_pointer (&self->searched, g_free);
  /* The bar's drop-downs say they changed while the window is torn down too. */
  if (self->model == NULL || self->selection == NULL)
    return;
  if (!kasir_history_filter_bar_get (self->filter_bar, &filters, &error))
    {
      self->filter_problem = g_strdup (error->message);
      gtk_label_set_text (self->note_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
      return;
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  kasir_sales_history_model_set_filters (self->model, filters.from, filters.until, filters.staff_id,
                                         filters.customer_id, filters.method);
  kasir_history_filters_clear (&filters);
  show_note (self);
}

KasirHistoryFilterBar *
kasir_sales_history_window_get_filter_bar (KasirSalesHistoryWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), NULL);

  return self->filter_bar;
}

/* Shows @text in the receipt pane, or, when it is empty, what the pane is for. */
static void
set_receipt_text (KasirSalesHistoryWindow *self,
                  const char              *text)
{
  gtk_label_set_text (self->receipt_label, text);
  gtk_stack_set_visible_child_name (self->receipt_stack, *text != '\0' ? "receipt" : "none");
}

static void
show_receipt (KasirSalesHistoryWindow *self,
              gboolean                 copy)
{
  KasirReceiptOptions options = { NULL, NULL, TRUE };
  g_autofree char *text = NULL;
  g_autofree char *marked = NULL;

  g_clear_object (&self->refund_printer);
  if (self->shown == NULL)
    {
      set_receipt_text (self, "");
      return;
    }
  text = kasir_receipt_build_text (self->shown, &options, RECEIPT_COLUMNS);
  /* A reprint says at the top that it is a copy, in both languages of the shop. */
  marked = copy ? g_strdup_printf ("*** %s / SALINAN ***\n%s", _("COPY"), text) : g_strdup (text);
  set_receipt_text (self, marked);
}

gboolean
kasir_sales_history_window_open (KasirSalesHistoryWindow *self,
                                 guint                    position)
{
  g_autoptr(KasirSaleRow) row = NULL;
  g_autoptr(GError) error = NULL;
  KasirSalesRepository *sales;

  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), FALSE);

  row = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (row == NULL)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  forget_remote (self);
  self->shown_remote = FALSE;
  self->asked_server = FALSE;
  sales = kasir_till_context_get_sales_repository (get_context (self));
  g_clear_pointer (&self->shown, kasir_sale_free);
  self->shown = kasir_sales_repository_get_sale (sales, kasir_sale_row_get_summary (row)->sale_id, &error);
  if (self->shown == NULL)
    g_warning ("Could not read sale %s: %s", kasir_sale_row_get_summary (row)->receipt_no, error->message);
  show_receipt (self, FALSE);
  return self->shown != NULL;
}

gboolean
kasir_sales_history_window_reprint (KasirSalesHistoryWindow  *self,
                                    GError                  **error)
{
  KasirTillContext *context;

  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), FALSE);

  context = get_context (self);
  if (self->shown == NULL && !kasir_sales_history_window_open (self, gtk_single_selection_get_selected (self->selection)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", _("Choose a sale first."));
      return FALSE;
    }
  if (!kasir_sales_history_record_reprint (kasir_till_context_get_database (context), self->shown->sale_id,
                                           kasir_till_context_get_staff_id (context), error))
    return FALSE;
  show_receipt (self, TRUE);
  return TRUE;
}

const char *
kasir_sales_history_window_get_receipt_text (KasirSalesHistoryWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), NULL);

  return self->shown != NULL ? gtk_label_get_text (self->receipt_label) : NULL;
}

const char *
kasir_sales_history_window_get_note (KasirSalesHistoryWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->note_label)) ? gtk_label_get_text (self->note_label) : NULL;
}

KasirSalesHistoryModel *
kasir_sales_history_window_get_model (KasirSalesHistoryWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), NULL);
  return self->model;
}

static void
on_activate (KasirSalesHistoryWindow *self,
             guint                    position)
{
  kasir_sales_history_window_open (self, position);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KasirSalesHistoryWindow) self = user_data;
  g_autoptr(KasirRemoteSale) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  char till[32];

  remote = kasir_sync_client_lookup_sale_finish (KASIR_SYNC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->lookup == NULL)
    return;
  g_clear_object (&self->lookup);
  if (remote != NULL)
    {
      g_clear_pointer (&self->shown, kasir_sale_free);
      self->shown = kasir_sale_copy (remote->sale);
      self->remote = g_steal_pointer (&remote);
      self->shown_remote = TRUE;
      show_receipt (self, FALSE);
      g_snprintf (till, sizeof till, "%" G_GINT64_FORMAT, self->remote->terminal_id);
      /* Translators: %s is the number of the till that made the sale. */
      note = g_strdup_printf (_("This sale was made on another till (till %s) and was found on the "
                                "server: it can be given back here."),
                              till);
    }
  else if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_NOT_FOUND))
    note = g_strdup (_("No sale with this receipt number, on this till or on any other till of "
                       "the shop."));
  else if (error->domain == KASIR_SYNC_ERROR && kasir_sync_error_is_transient (error))
    note = g_strdup (offline_text ());
  else
    /* Translators: %s is the server's reason. */
    note = g_strdup_printf (_("The server could not look up this receipt: %s"), error->message);
  gtk_label_set_text (self->note_label, note);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
}

gboolean
kasir_sales_history_window_look_up (KasirSalesHistoryWindow *self)
{
  g_autofree char *text = NULL;
  KasirSyncClient *client;

  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (*text == '\0' || g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    return FALSE;
  forget_remote (self);
  client = can_look_up (self);
  if (client == NULL)
    {
      gtk_label_set_text (self->note_label, offline_text ());
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
      return FALSE;
    }
  self->lookup = g_cancellable_new ();
  self->asked_server = TRUE;
  gtk_label_set_text (self->note_label, _("Looking for this receipt on the server…"));
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
  kasir_sync_client_lookup_sale_async (client, text,
                                       self->lookup, on_looked_up, g_object_ref (self));
  return TRUE;
}

gboolean
kasir_sales_history_window_get_looking_up (KasirSalesHistoryWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), FALSE);
  return self->lookup != NULL;
}

/* Enter in the search field (a scanner ends with it) opens the first match, or looks for
 * another till's sale on the server. */
static void
on_search_activate (KasirSalesHistoryWindow *self)
{
  if (!kasir_sales_history_window_open (self, 0))
    kasir_sales_history_window_look_up (self);
}

static void
on_reprint_clicked (KasirSalesHistoryWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!kasir_sales_history_window_reprint (self, &error))
    set_receipt_text (self, error->message);
}

enum {
  REFUND_RECEIPT_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
emit_refund_receipt (gpointer data)
{
  KasirSalesHistoryWindow *self = data;

  self->print_idle = 0;
  if (self->refund_printer != NULL)
    g_signal_emit (self, signals[REFUND_RECEIPT_READY], 0, self->refund_printer);
  return G_SOURCE_REMOVE;
}

/* The default of refund-receipt-ready: the refund's receipt is printed as soon as the
 * refund is saved, on the till's printer and paper (the print dialog remembers them). */
static void
print_refund_receipt (KasirSalesHistoryWindow *self,
                      KasirReceiptPrinter     *printer)
{
  g_autoptr(GError) error = NULL;

  if (!kasir_receipt_printer_print (printer, GTK_WINDOW (self), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_text (self->note_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
    }
}

/* The paper this till's receipts are laid out for (Preferences, "receipt-width"). */
static KasirReceiptWidth
paper_width (KasirSalesHistoryWindow *self)
{
  GSettings *settings = kasir_till_context_get_settings (get_context (self));
  g_autoptr(GSettings) own = settings == NULL ? g_settings_new (APP_ID) : NULL;

  return (KasirReceiptWidth) g_settings_get_enum (settings != NULL ? settings : own, "receipt-width");
}

/* The refund's receipt takes the sale's place in the pane, ready to print. */
static void
on_refunded (KasirRefundDialog       *dialog,
             gpointer                 refund,
             KasirSalesHistoryWindow *self)
{
  KasirReceiptOptions options = { NULL, NULL, FALSE };
  g_autofree char *text = NULL;

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  kasir_sales_history_model_reload (self->model);
  /* What the server said was given back of another till's sale is old now: a second
   * refund of it looks it up again. */
  g_clear_pointer (&self->remote, kasir_remote_sale_free);
  show_note (self);
  if (self->shown == NULL)
    return;
  options.cashier = kasir_till_context_get_staff (get_context (self)) != NULL
                    ? kasir_till_context_get_staff (get_context (self))->name : NULL;
  text = kasir_refund_receipt_build_text (self->shown, refund, &options, RECEIPT_COLUMNS);
  set_receipt_text (self, text);
  g_clear_object (&self->refund_printer);
  self->refund_printer = kasir_refund_receipt_new_printer (self->shown, refund, &options, paper_width (self));
  /* Once the refund dialog has closed: the print dialog is not stacked over it. */
  if (self->print_idle == 0)
    self->print_idle = g_idle_add (emit_refund_receipt, self);
}

gboolean
kasir_sales_history_window_print (KasirSalesHistoryWindow  *self,
                                  const char               *pdf_path,
                                  GError                  **error)
{
  KasirReceiptOptions options = { NULL, NULL, TRUE };
  g_autoptr(KasirReceiptPrinter) printer = NULL;

  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), FALSE);

  if (self->refund_printer != NULL)
    printer = g_object_ref (self->refund_printer);
  else if (self->shown != NULL)
    printer = kasir_receipt_printer_new (self->shown, &options, paper_width (self));
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", _("Choose a sale first."));
      return FALSE;
    }
  if (pdf_path != NULL)
    return kasir_receipt_printer_export_pdf (printer, pdf_path, error);
  return kasir_receipt_printer_print (printer, GTK_WINDOW (self), error);
}

static void
on_print_clicked (KasirSalesHistoryWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!kasir_sales_history_window_print (self, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (self->note_label, error->message);
}

KasirRefundDialog *
kasir_sales_history_window_start_refund (KasirSalesHistoryWindow *self)
{
  KasirRefundDialog *dialog;

  g_return_val_if_fail (KASIR_IS_SALES_HISTORY_WINDOW (self), NULL);

  if (self->shown == NULL && !kasir_sales_history_window_open (self, gtk_single_selection_get_selected (self->selection)))
    return NULL;
  /* Another till's sale given back once already: what the server knows of it is read again
   * first. */
  if (self->shown_remote && self->remote == NULL)
    {
      kasir_sales_history_window_look_up (self);
      return NULL;
    }
  if (self->remote != NULL)
    dialog = kasir_refund_dialog_new_elsewhere (GTK_WINDOW (self), get_context (self), self->shown,
                                                self->remote->returned_qty, self->remote->returned_amount);
  else
    dialog = kasir_refund_dialog_new (GTK_WINDOW (self), get_context (self), self->shown);
  g_signal_connect_object (dialog, "refunded", G_CALLBACK (on_refunded), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_refund_clicked (KasirSalesHistoryWindow *self)
{
  kasir_sales_history_window_start_refund (self);
}

static GtkWidget *
make_button (KasirSalesHistoryWindow *self,
             const char              *label,
             GCallback                callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static GtkWidget *
build_list (KasirSalesHistoryWindow *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection))));
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sales of this till, newest first"), -1);
  add_column (self, COLUMN_TIME, _("Time"), FALSE);
  add_column (self, COLUMN_RECEIPT, _("Receipt"), FALSE);
  add_column (self, COLUMN_CASHIER, _("Cashier"), TRUE);
  add_column (self, COLUMN_CUSTOMER, _("Customer"), TRUE);
  add_column (self, COLUMN_TOTAL, _("Total"), FALSE);
  add_column (self, COLUMN_METHODS, _("Paid by"), FALSE);
  add_column (self, COLUMN_STATE, _("Server"), FALSE);
  g_signal_connect_object (self->view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_hexpand (scrolled, TRUE);
  return scrolled;
}

/* What the receipt pane says before a sale is chosen. */
static GtkWidget *
build_no_receipt (void)
{
  GtkWidget *label = gtk_label_new (_("Choose a sale in the list to see its receipt here."));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (label, 24);
  gtk_widget_set_margin_end (label, 24);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
build (KasirSalesHistoryWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *receipt_scroll = gtk_scrolled_window_new ();

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->search_entry, 0);
  g_object_set (self->search_entry, "placeholder-text", _("Receipt number"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find a sale by its receipt number, typed or scanned"), -1);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_search_activate), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->search_entry));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           make_button (self, _("_Refund…"), G_CALLBACK (on_refund_clicked)));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           make_button (self, _("Re_print"), G_CALLBACK (on_reprint_clicked)));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           make_button (self, _("_Print"), G_CALLBACK (on_print_clicked)));
  gtk_box_append (GTK_BOX (box), header);

  self->filter_bar = kasir_history_filter_bar_new (kasir_till_context_get_database (get_context (self)));
  g_signal_connect_object (self->filter_bar, "changed", G_CALLBACK (on_filters_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (left), GTK_WIDGET (self->filter_bar));
  gtk_box_append (GTK_BOX (left), build_list (self));
  self->note_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->note_label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->note_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->note_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->note_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->note_label), "dim-label");
  gtk_box_append (GTK_BOX (left), GTK_WIDGET (self->note_label));

  self->receipt_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (self->receipt_label, TRUE);
  gtk_label_set_xalign (self->receipt_label, 0);
  gtk_label_set_yalign (self->receipt_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->receipt_label), "monospace");
  gtk_widget_set_margin_start (GTK_WIDGET (self->receipt_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->receipt_label), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->receipt_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The chosen sale's receipt"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (receipt_scroll), GTK_WIDGET (self->receipt_label));
  self->receipt_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->receipt_stack, build_no_receipt (), "none");
  gtk_stack_add_named (self->receipt_stack, receipt_scroll, "receipt");
  gtk_widget_set_size_request (GTK_WIDGET (self->receipt_stack), 360, -1);

  gtk_paned_set_start_child (GTK_PANED (paned), left);
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->receipt_stack));
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);
  adw_window_set_content (ADW_WINDOW (self), box);
  show_note (self);
}

static void
kasir_sales_history_window_dispose (GObject *object)
{
  KasirSalesHistoryWindow *self = KASIR_SALES_HISTORY_WINDOW (object);

  if (self->filter_bar != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_bar, self);
  self->filter_bar = NULL;
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  forget_remote (self);
  g_clear_pointer (&self->shown, kasir_sale_free);
  g_clear_handle_id (&self->print_idle, g_source_remove);
  g_clear_object (&self->refund_printer);
  g_clear_pointer (&self->filter_problem, g_free);

  G_OBJECT_CLASS (kasir_sales_history_window_parent_class)->dispose (object);
}

/* The last search is kept until the end: the entry may still say it changed while the
 * window is torn down. */
static void
kasir_sales_history_window_finalize (GObject *object)
{
  KasirSalesHistoryWindow *self = KASIR_SALES_HISTORY_WINDOW (object);

  g_free (self->searched);

  G_OBJECT_CLASS (kasir_sales_history_window_parent_class)->finalize (object);
}

static void
kasir_sales_history_window_class_init (KasirSalesHistoryWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_sales_history_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = kasir_sales_history_window_finalize;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);

  /* A refund was saved and its receipt is ready (@printer): by default it prints. */
  signals[REFUND_RECEIPT_READY] =
    g_signal_new_class_handler ("refund-receipt-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (print_refund_receipt), NULL, NULL, NULL,
                                G_TYPE_NONE, 1, KASIR_TYPE_RECEIPT_PRINTER);
}

static void
kasir_sales_history_window_init (KasirSalesHistoryWindow *self)
{
}

KasirSalesHistoryWindow *
kasir_sales_history_window_new (GtkWindow        *parent,
                                KasirTillContext *context)
{
  KasirSalesHistoryWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_SALES_HISTORY_WINDOW,
                       "transient-for", parent,
                       "title", _("Sales History"),
                       "default-width", 1100,
                       "default-height", 700,
                       "context", context,
                       NULL);
  self->model = kasir_sales_history_model_new (kasir_till_context_get_database (context));
  build (self);
  return self;
}
