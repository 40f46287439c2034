/* kasir-refund-dialog.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-approval.h"
#include "kasir-input-error.h"
#include "kasir-payment-method.h"
#include "kasir-refund-dialog.h"
#include "kasir-refund-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

#define DEFAULT_APPROVAL_ABOVE 0 /* minor units: every refund needs a manager */
#define DEFAULT_APPROVAL_DAYS  7

struct _KasirRefundDialog
{
  KasirTillDialog        parent_instance;

  KasirSale             *sale;
  KasirRefundRepository *refunds;
  GCancellable          *cancellable;
  GPtrArray             *spins;     /* GtkSpinButton*, one per sale line */
  GPtrArray             *damaged;   /* GtkCheckButton*, one per sale line */
  AdwEntryRow           *reason_row;
  AdwEntryRow           *method_rows[KASIR_N_PAYMENT_METHODS];
  GtkLabel              *total_label;
  GtkLabel              *problem_label;
  GtkWidget             *refund_button;
  gboolean               busy;
};

G_DEFINE_FINAL_TYPE (KasirRefundDialog, kasir_refund_dialog, KASIR_TYPE_TILL_DIALOG)

enum { SIGNAL_REFUNDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static KasirTillContext *
get_context (KasirRefundDialog *self)
{
  return kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
}

static void
show_problem (KasirRefundDialog *self,
              const char        *problem)
{
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

const char *
kasir_refund_dialog_get_problem (KasirRefundDialog *self)
{
  g_return_val_if_fail (KASIR_IS_REFUND_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->problem_label))
         ? gtk_label_get_text (self->problem_label) : NULL;
}

/* The money the picked quantities give back, exactly as the refund will. */
static KasirMoney
estimate_total (KasirRefundDialog *self)
{
  g_autoptr(GArray) picks = g_array_new (FALSE, TRUE, sizeof (KasirRefundPick));
  KasirMoney total = 0;

  /* The repository's own figure: the last part of a line gives back what is left of its
   * total, which a share of the line's total can miss by a rupiah, and a split typed
   * against that would not add up. */
  for (guint i = 0; i < self->spins->len; i++)
    {
      KasirRefundPick pick = { i + 1, gtk_spin_button_get_value_as_int (self->spins->pdata[i]), FALSE };

      if (pick.qty > 0)
        g_array_append_val (picks, pick);
    }
  if (picks->len == 0 ||
      !kasir_refund_repository_preview_total (self->refunds, self->sale, (const KasirRefundPick *) picks->data,
                                              picks->len, &total, NULL))
    return 0;
  return total;
}

static void
update_total (KasirRefundDialog *self)
{
  g_autofree char *money = kasir_ui_money_format (estimate_total (self),
                                                  kasir_till_context_get_currency (get_context (self)));
  g_autofree char *text = g_strdup_printf (_("To give back: %s"), money);

  gtk_label_set_text (self->total_label, text);
  gtk_widget_set_sensitive (self->refund_button, !self->busy);
}

void
kasir_refund_dialog_set_quantity (KasirRefundDialog *self,
                                  guint              line_no,
                                  gint64             qty,
                                  gboolean           write_off)
{
  g_return_if_fail (KASIR_IS_REFUND_DIALOG (self));
  g_return_if_fail (line_no >= 1 && line_no <= self->spins->len);

  gtk_spin_button_set_value (self->spins->pdata[line_no - 1], (double) qty);
  gtk_check_button_set_active (self->damaged->pdata[line_no - 1], write_off);
}

static gint64
setting (KasirRefundDialog *self,
         const char        *key,
         gint64             fallback)
{
  KasirDatabase *db = kasir_till_context_get_database (get_context (self));
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
  gint64 value = fallback;

  if (!kasir_settings_repository_get_int64 (settings, key, fallback, &value, NULL))
    value = fallback;
  return value;
}

/* A refund above the limit, or of a sale older than the set number of days, needs a
 * manager. */
static gboolean
needs_approval (KasirRefundDialog *self)
{
  g_autoptr(GDateTime) sold = g_date_time_new_from_iso8601 (self->sale->created_at, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 days = setting (self, KASIR_SETTING_REFUND_APPROVAL_DAYS, DEFAULT_APPROVAL_DAYS);

  if (estimate_total (self) > setting (self, KASIR_SETTING_REFUND_APPROVAL_ABOVE, DEFAULT_APPROVAL_ABOVE))
    return TRUE;
  return sold == NULL || g_date_time_difference (now, sold) > days * G_TIME_SPAN_DAY;
}

static void
set_busy (KasirRefundDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  update_total (self);
}

void
kasir_refund_dialog_set_method_amount (KasirRefundDialog  *self,
                                       KasirPaymentMethod  method,
                                       const char         *text)
{
  g_return_if_fail (KASIR_IS_REFUND_DIALOG (self));

  for (guint i = 0; i < KASIR_N_PAYMENT_METHODS; i++)
    if (kasir_payment_method_nth (i) == method)
      gtk_editable_set_text (GTK_EDITABLE (self->method_rows[i]), text != NULL ? text : "");
}

/* The split the cashier typed (KasirPayment*), an empty array for none (the money then
 * goes back by the sale's own way), or NULL with a message for the person. */
static GPtrArray *
typed_split (KasirRefundDialog  *self,
             GError            **error)
{
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  const char *currency = kasir_till_context_get_currency (get_context (self));
  KasirMoney sum = 0;

  for (guint i = 0; i < KASIR_N_PAYMENT_METHODS; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->method_rows[i]));
      KasirPaymentMethod method = kasir_payment_method_nth (i);
      KasirMoney amount = 0;

      if (text == NULL || *text == '\0')
        continue;
      if (!kasir_ui_money_parse (text, currency, &amount, error))
        {
          g_prefix_error (error, "%s: ", kasir_payment_method_label (method));
          return NULL;
        }
      if (amount < 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       _("%s: an amount given back cannot be negative"), kasir_payment_method_label (method));
          return NULL;
        }
      if (amount > 0)
        g_ptr_array_add (payments, kasir_payment_new (method, amount));
      sum += amount;
    }
  if (payments->len > 0 && sum != estimate_total (self))
    {
      g_autofree char *typed = kasir_ui_money_format (sum, currency);
      g_autofree char *due = kasir_ui_money_format (estimate_total (self), currency);

      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The split adds up to %s, not the %s to give back"), typed, due);
      return NULL;
    }
  return g_steal_pointer (&payments);
}

static void
commit (KasirRefundDialog *self,
        gint64             approved_by)
{
  g_autoptr(GArray) picks = g_array_new (FALSE, TRUE, sizeof (KasirRefundPick));
  g_autoptr(GPtrArray) split = NULL;
  g_autoptr(KasirRefund) refund = NULL;
  g_autoptr(GError) error = NULL;
  KasirTillContext *context = get_context (self);

  for (guint i = 0; i < self->spins->len; i++)
    {
      KasirRefundPick pick = { i + 1, gtk_spin_button_get_value_as_int (self->spins->pdata[i]),
                               gtk_check_button_get_active (self->damaged->pdata[i]) };

      if (pick.qty != 0)
        g_array_append_val (picks, pick);
    }
  split = typed_split (self, &error);
  if (split == NULL)
    {
      set_busy (self, FALSE);
      show_problem (self, error->message);
      return;
    }
  refund = kasir_refund_repository_commit (self->refunds, self->sale,
                                           (const KasirRefundPick *) picks->data, picks->len,
                                           split->len > 0 ? split : NULL,
                                           gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                                           kasir_till_context_get_staff_id (context), approved_by,
                                           kasir_till_context_get_shift_id (context), &error);
  set_busy (self, FALSE);
  if (refund == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_REFUNDED], 0, refund);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_approved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KasirRefundDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 manager = kasir_approval_request_finish (result, &error);

  if (manager < 0)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (self, error->message);
      return;
    }
  commit (self, manager);
}

static gboolean
picks_none (KasirRefundDialog *self)
{
  for (guint i = 0; i < self->spins->len; i++)
    if (gtk_spin_button_get_value_as_int (self->spins->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

void
kasir_refund_dialog_confirm (KasirRefundDialog *self)
{
  g_return_if_fail (KASIR_IS_REFUND_DIALOG (self));

  if (self->busy)
    return;
  show_problem (self, NULL);
  if (picks_none (self))
    {
      show_problem (self, _("Choose at least one item to give back."));
      return;
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) split = typed_split (self, &error);

    if (split == NULL)
      {
        show_problem (self, error->message);
        return;
      }
  }
  set_busy (self, TRUE);
  if (!needs_approval (self))
    {
      commit (self, 0);
      return;
    }
  kasir_approval_request_async (get_context (self), GTK_WINDOW (self), KASIR_APPROVAL_REFUND, NULL,
                                self->cancellable, on_approved, g_object_ref (self));
}

static void
on_refund_clicked (KasirRefundDialog *self)
{
  kasir_refund_dialog_confirm (self);
}

/* One row per sale line: what was sold, what is left to give back, a quantity and
 * "damaged". */
static GtkWidget *
make_line_row (KasirRefundDialog   *self,
               const KasirSaleLine *line,
               gint64               returned)
{
  const char *currency = kasir_till_context_get_currency (get_context (self));
  g_autofree char *price = kasir_ui_money_format (line->total, currency);
  g_autofree char *subtitle = NULL;
  g_autofree char *spin_name = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin;
  GtkWidget *damaged;
  gint64 left = MAX (line->qty - returned, 0);

  /* TRANSLATORS: "3 sold for Rp 10.500, 1 given back already". */
  subtitle = g_strdup_printf (_("%" PRId64 " sold for %s, %" PRId64
                                " given back already"), line->qty, price, returned);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->name != NULL ? line->name : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  spin = gtk_spin_button_new_with_range (0, (double) MAX (left, 0), 1);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (spin, left > 0);
  spin_name = g_strdup_printf (_("Quantity of %s to give back"), line->name != NULL ? line->name : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, spin_name, -1);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
  damaged = gtk_check_button_new_with_mnemonic (_("_Damaged"));
  gtk_widget_set_valign (damaged, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (damaged, _("Written off instead of going back into stock"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), damaged);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  g_ptr_array_add (self->spins, spin);
  g_ptr_array_add (self->damaged, damaged);
  return row;
}

/* How the money goes back: empty, by the sale's own way (points first for a sale paid
 * partly with points; cash when it had several or none); typed, a split that must add up to what is given back. */
static GtkWidget *
build_methods (KasirRefundDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *own = NULL;

  gboolean by_points = FALSE;

  for (guint i = 0; i < self->sale->payments->len; i++)
    by_points |= ((KasirPayment *) self->sale->payments->pdata[i])->method == KASIR_PAYMENT_POINTS;
  if (by_points && self->sale->payments->len > 1)
    own = g_strdup (_("Leave empty to give the points that paid back as points first and the rest as it "
                      "was paid, or split it: the amounts must add up to what is given back."));
  else if (self->sale->payments->len == 1)
    own = g_strdup_printf (_("Leave empty to give the money back as it was paid (%s), or "
                             "split it: the amounts must add up to what is given back."),
                           kasir_payment_method_label (((KasirPayment *) self->sale->payments->pdata[0])->method));
  else
    own = g_strdup (_("Leave empty to give the money back in cash, or split it: the amounts "
                      "must add up to what is given back."));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Give Back By"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), own);
  for (guint i = 0; i < KASIR_N_PAYMENT_METHODS; i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     kasir_payment_method_label (kasir_payment_method_nth (i)));
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      self->method_rows[i] = ADW_ENTRY_ROW (row);
    }
  return group;
}

static void
build (KasirRefundDialog *self)
{
  g_autoptr(GArray) returned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = kasir_ui_format_time (self->sale->created_at);
  g_autofree char *title = g_strdup_printf (_("Receipt %s, %s"), self->sale->receipt_no, when);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *lines = adw_preferences_group_new ();
  GtkWidget *details = adw_preferences_group_new ();

  returned = kasir_refund_repository_returned_qty (self->refunds, self->sale, &error);
  self->refund_button = gtk_button_new_with_mnemonic (_("_Refund"));
  gtk_widget_add_css_class (self->refund_button, "suggested-action");
  g_signal_connect_object (self->refund_button, "clicked", G_CALLBACK (on_refund_clicked), self,
                           G_CONNECT_SWAPPED);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->refund_button);
  gtk_box_append (GTK_BOX (box), header);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (lines), title);
  for (guint i = 0; i < self->sale->lines->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (lines),
                               make_line_row (self, self->sale->lines->pdata[i],
                                              returned != NULL ? g_array_index (returned, gint64, i) : 0));
  self->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row), _("Reason"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), GTK_WIDGET (self->reason_row));
  self->total_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->total_label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->total_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "title-4");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), GTK_WIDGET (self->total_label));
  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), GTK_WIDGET (self->problem_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (lines));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (build_methods (self)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (details));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  show_problem (self, error != NULL ? error->message : NULL);
  update_total (self);
}

static void
kasir_refund_dialog_dispose (GObject *object)
{
  KasirRefundDialog *self = KASIR_REFUND_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->refunds);

  G_OBJECT_CLASS (kasir_refund_dialog_parent_class)->dispose (object);
}

static void
kasir_refund_dialog_finalize (GObject *object)
{
  KasirRefundDialog *self = KASIR_REFUND_DIALOG (object);

  g_clear_pointer (&self->sale, kasir_sale_free);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->damaged, g_ptr_array_unref);

  G_OBJECT_CLASS (kasir_refund_dialog_parent_class)->finalize (object);
}

static void
kasir_refund_dialog_class_init (KasirRefundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_refund_dialog_dispose;
  object_class->finalize = kasir_refund_dialog_finalize;

  /* The refund (a KasirRefund*, valid during the emission) is on disk and queued. */
  signals[SIGNAL_REFUNDED] =
    g_signal_new ("refunded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_refund_dialog_init (KasirRefundDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->spins = g_ptr_array_new ();
  self->damaged = g_ptr_array_new ();
}

/* The dialog for @sale; @qty and @amount, when not NULL, are what the server says refunds
 * of another till's sale gave back of each line. */
static KasirRefundDialog *
new_dialog (GtkWindow        *parent,
            KasirTillContext *context,
            const KasirSale  *sale,
            GArray           *qty,
            GArray           *amount)
{
  KasirRefundDialog *self;

  self = g_object_new (KASIR_TYPE_REFUND_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "title", _("Give Back Goods"),
                       "default-width", 560,
                       "default-height", 600,
                       "context", context,
                       NULL);
  self->sale = kasir_sale_copy (sale);
  self->refunds = kasir_refund_repository_new (kasir_till_context_get_database (context));
  if (qty != NULL)
    kasir_refund_repository_set_returned_elsewhere (self->refunds, sale->sale_id, qty, amount);
  build (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->refund_button);
  return self;
}

KasirRefundDialog *
kasir_refund_dialog_new (GtkWindow        *parent,
                         KasirTillContext *context,
                         const KasirSale  *sale)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);
  g_return_val_if_fail (sale != NULL, NULL);

  return new_dialog (parent, context, sale, NULL, NULL);
}

KasirRefundDialog *
kasir_refund_dialog_new_elsewhere (GtkWindow        *parent,
                                   KasirTillContext *context,
                                   const KasirSale  *sale,
                                   GArray           *returned_qty,
                                   GArray           *returned_amount)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);
  g_return_val_if_fail (sale != NULL, NULL);
  g_return_val_if_fail (returned_qty != NULL && returned_amount != NULL, NULL);
  g_return_val_if_fail (returned_qty->len == sale->lines->len && returned_amount->len == sale->lines->len,
                        NULL);

  return new_dialog (parent, context, sale, returned_qty, returned_amount);
}
