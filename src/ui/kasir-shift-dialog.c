/* kasir-shift-dialog.c — shift open/close and X/Z reports.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-payment-method.h"
#include "kasir-money.h"
#include "kasir-shift-dialog.h"
#include "kasir-ui-money.h"
#include "kasir-shift-report.h"
#include "kasir-shift-report-repository.h"
#include "kasir-shift-repository.h"
#include "kasir-held-sales-window.h"
#include "kasir-ui-format.h"

#define N_METHODS KASIR_N_PAYMENT_METHODS

struct _KasirShiftDialog
{
  KasirTillDialog             parent_instance;

  KasirDatabase              *database;
  KasirShiftRepository       *shifts;
  KasirShiftReportRepository *reports;
  KasirStaff                 *staff;
  KasirShift                 *shift;       /* the open shift, or the one just closed */
  char                       *currency;
  char                       *z_report;
  GtkWidget                  *summary_rows[16];
  guint                       n_summary_rows;
  AdwEntryRow                *counted_rows[N_METHODS];
  GtkLabel                   *over_short_labels[N_METHODS];
  GPtrArray                  *expected;    /* KasirPayment*, as last read */

  AdwWindowTitle             *window_title;
  GtkStack                   *stack;
  AdwEntryRow                *float_row;
  AdwPreferencesGroup        *summary_group;
  AdwPreferencesGroup        *counted_group;
  GtkLabel                   *unsynced_label;
  GtkTextView                *report_view;
};

G_DEFINE_FINAL_TYPE (KasirShiftDialog, kasir_shift_dialog, KASIR_TYPE_TILL_DIALOG)

enum {
  SHIFT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_money (KasirShiftDialog *self,
              KasirMoney        amount)
{
  KasirNumberFormat format;

  kasir_number_format_current (&format);
  return kasir_money_format (amount, kasir_currency_lookup (self->currency), &format);
}

static gboolean
parse_money (KasirShiftDialog  *self,
             const char        *text,
             KasirMoney        *out,
             GError           **error)
{
  if (text == NULL || *text == '\0')
    text = "0";
  /* As the shop writes it ("Rp 500.000", "500.000", "500rb"), like every amount typed. */
  if (!kasir_ui_money_parse (text, self->currency, out, error))
    return FALSE;
  if (*out < 0)
    {
      g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID,
                   _("An amount of money in the drawer cannot be negative"));
      return FALSE;
    }

  return TRUE;
}

static void
show_error (KasirShiftDialog *self,
            const char       *heading,
            const GError     *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_summary_row (KasirShiftDialog *self,
                 const char       *title,
                 const char       *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (self->summary_group, row);
  if (self->n_summary_rows < G_N_ELEMENTS (self->summary_rows))
    self->summary_rows[self->n_summary_rows++] = row;
}

static KasirMoney
expected_for (KasirShiftDialog   *self,
              KasirPaymentMethod  method)
{
  for (guint i = 0; self->expected != NULL && i < self->expected->len; i++)
    {
      const KasirPayment *p = self->expected->pdata[i];

      if (p->method == method)
        return p->amount;
    }
  return 0;
}

gboolean
kasir_shift_dialog_get_over_short (KasirShiftDialog   *self,
                                   KasirPaymentMethod  method,
                                   KasirMoney         *difference)
{
  KasirMoney counted = 0;

  g_return_val_if_fail (KASIR_IS_SHIFT_DIALOG (self), FALSE);
  g_return_val_if_fail (difference != NULL, FALSE);

  for (guint i = 0; i < N_METHODS; i++)
    {
      const char *text;

      if (kasir_payment_method_nth (i) != method)
        continue;
      text = gtk_editable_get_text (GTK_EDITABLE (self->counted_rows[i]));
      if (self->expected == NULL || text == NULL || *text == '\0' ||
          !parse_money (self, text, &counted, NULL))
        return FALSE;
      *difference = counted - expected_for (self, method);
      return TRUE;
    }
  return FALSE;
}

/* What the drawer's count says against what it should hold, shown as the cashier types:
 * "Expected Rp 252.250 · short Rp 250". */
static char *
over_short_text (KasirShiftDialog   *self,
                 KasirPaymentMethod  method,
                 gboolean           *exact)
{
  g_autofree char *expected = format_money (self, expected_for (self, method));
  g_autofree char *amount = NULL;
  KasirMoney difference;

  *exact = TRUE;
  if (!kasir_shift_dialog_get_over_short (self, method, &difference))
    return g_strdup_printf (_("Expected %s"), expected);
  *exact = difference == 0;
  if (difference == 0)
    return g_strdup_printf (_("Expected %s · exact"), expected);
  amount = format_money (self, ABS (difference));
  if (difference > 0)
    return g_strdup_printf (_("Expected %s · over %s"), expected, amount);
  return g_strdup_printf (_("Expected %s · short %s"), expected, amount);
}

static void
update_over_short (KasirShiftDialog *self,
                   guint             index)
{
  g_autofree char *text = NULL;
  gboolean exact;

  text = over_short_text (self, kasir_payment_method_nth (index), &exact);
  gtk_label_set_label (self->over_short_labels[index], text);
  if (exact)
    gtk_widget_remove_css_class (GTK_WIDGET (self->over_short_labels[index]), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->over_short_labels[index]), "warning");
}

static void
on_counted_changed (GtkEditable      *row,
                    KasirShiftDialog *self)
{
  for (guint i = 0; i < N_METHODS; i++)
    if (GTK_EDITABLE (self->counted_rows[i]) == row)
      update_over_short (self, i);
}

static void
refresh (KasirShiftDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirShiftSummary) summary = NULL;
  g_autoptr(GPtrArray) expected = NULL;

  for (guint i = 0; i < self->n_summary_rows; i++)
    adw_preferences_group_remove (self->summary_group, self->summary_rows[i]);
  self->n_summary_rows = 0;

  if (self->z_report != NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->report_view), self->z_report, -1);
      gtk_stack_set_visible_child_name (self->stack, "closed");
      adw_window_title_set_subtitle (self->window_title, _("Closed"));
      return;
    }

  g_clear_pointer (&self->shift, kasir_shift_free);
  self->shift = kasir_shift_repository_get_open (self->shifts, &error);
  if (error != NULL)
    {
      show_error (self, _("Could Not Read the Shift"), error);
      return;
    }
  if (self->shift == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "open");
      adw_window_title_set_subtitle (self->window_title, _("No shift open"));
      gtk_widget_grab_focus (GTK_WIDGET (self->float_row));
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "close");
  adw_window_title_set_subtitle (self->window_title, _("Open"));

  summary = kasir_shift_report_repository_summarize (self->reports, self->shift->id, &error);
  if (summary != NULL)
    expected = kasir_shift_repository_expected (self->shifts, self->shift->id, &error);
  if (summary == NULL || expected == NULL)
    {
      show_error (self, _("Could Not Read the Shift"), error);
      return;
    }

  {
    g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, summary->sale_count);
    g_autofree char *total = format_money (self, summary->total);
    g_autofree char *opening = format_money (self, self->shift->opening_float);
    g_autofree char *opened = kasir_ui_format_time (self->shift->opened_at);

    add_summary_row (self, _("Opened"), opened);
    add_summary_row (self, _("Sales"), count);
    add_summary_row (self, _("Total sold"), total);
    add_summary_row (self, _("Opening float"), opening);
  }
  for (guint i = 0; i < expected->len; i++)
    {
      KasirPayment *p = expected->pdata[i];
      g_autofree char *title = g_strdup_printf (_("Expected: %s"), kasir_payment_method_label (p->method));
      g_autofree char *value = format_money (self, p->amount);

      add_summary_row (self, title, value);
    }

  if (summary->unsynced_sales > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%" PRId64 " sale of this shift has not reached the "
                                      "server yet. You can still close the shift: the sale stays "
                                      "on this computer and is sent when the connection returns.",
                                      "%" PRId64 " sales of this shift have not reached the "
                                      "server yet. You can still close the shift: the sales stay "
                                      "on this computer and are sent when the connection returns.",
                                      summary->unsynced_sales),
                         summary->unsynced_sales);
      gtk_label_set_label (self->unsynced_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unsynced_label), summary->unsynced_sales > 0);
  g_clear_pointer (&self->expected, g_ptr_array_unref);
  self->expected = g_steal_pointer (&expected);
  for (guint i = 0; i < N_METHODS; i++)
    update_over_short (self, i);
  gtk_widget_grab_focus (GTK_WIDGET (self->counted_rows[0]));
}

static char *
build_report (KasirShiftDialog      *self,
              KasirShiftReportKind   kind,
              const KasirShift      *shift,
              GPtrArray             *counted,
              GError               **error)
{
  g_autoptr(KasirShiftSummary) summary = NULL;
  g_autoptr(GPtrArray) expected = NULL;

  summary = kasir_shift_report_repository_summarize (self->reports, shift->id, error);
  if (summary == NULL)
    return NULL;
  expected = kasir_shift_repository_expected (self->shifts, shift->id, error);
  if (expected == NULL)
    return NULL;

  return kasir_shift_report_build_text (kind, shift, self->staff->name, summary, expected,
                                        counted, self->currency);
}

gboolean
kasir_shift_dialog_open_shift (KasirShiftDialog  *self,
                               GError           **error)
{
  g_autoptr(KasirShift) shift = NULL;
  KasirMoney amount = 0;

  g_return_val_if_fail (KASIR_IS_SHIFT_DIALOG (self), FALSE);

  if (!parse_money (self, gtk_editable_get_text (GTK_EDITABLE (self->float_row)), &amount, error))
    return FALSE;
  shift = kasir_shift_repository_open_shift (self->shifts, self->staff->id, amount, error);
  if (shift == NULL)
    return FALSE;

  g_signal_emit (self, signals[SHIFT_CHANGED], 0, shift->id);
  refresh (self);

  return TRUE;
}

gboolean
kasir_shift_dialog_close_shift (KasirShiftDialog  *self,
                                GError           **error)
{
  g_autoptr(GPtrArray) counted = NULL;
  g_autoptr(KasirShift) closed = NULL;

  g_return_val_if_fail (KASIR_IS_SHIFT_DIALOG (self), FALSE);

  if (self->shift == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("No shift is open on this till"));
      return FALSE;
    }

  counted = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  for (guint i = 0; i < N_METHODS; i++)
    {
      KasirMoney amount = 0;

      if (!parse_money (self, gtk_editable_get_text (GTK_EDITABLE (self->counted_rows[i])),
                        &amount, error))
        {
          g_prefix_error (error, "%s: ", kasir_payment_method_label (kasir_payment_method_nth (i)));
          return FALSE;
        }
      g_ptr_array_add (counted, kasir_payment_new (kasir_payment_method_nth (i), amount));
    }

  if (!kasir_shift_repository_close_shift (self->shifts, self->shift->id, self->staff->id,
                                           counted, error))
    return FALSE;

  closed = kasir_shift_repository_get (self->shifts, self->shift->id, error);
  if (closed == NULL)
    return FALSE;
  g_free (self->z_report);
  self->z_report = build_report (self, KASIR_SHIFT_REPORT_Z, closed, counted, error);
  if (self->z_report == NULL)
    return FALSE;

  g_signal_emit (self, signals[SHIFT_CHANGED], 0, NULL);
  refresh (self);

  return TRUE;
}

char *
kasir_shift_dialog_get_report_text (KasirShiftDialog *self)
{
  g_autoptr(GError) error = NULL;
  char *text;

  g_return_val_if_fail (KASIR_IS_SHIFT_DIALOG (self), NULL);

  if (self->z_report != NULL)
    return g_strdup (self->z_report);
  if (self->shift == NULL)
    return NULL;
  text = build_report (self, KASIR_SHIFT_REPORT_X, self->shift, NULL, &error);
  if (text == NULL)
    g_warning ("Could not build the X report: %s", error->message);

  return text;
}

void
kasir_shift_dialog_set_float_text (KasirShiftDialog *self,
                                   const char       *text)
{
  g_return_if_fail (KASIR_IS_SHIFT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->float_row), text);
}

void
kasir_shift_dialog_set_counted_text (KasirShiftDialog   *self,
                                     KasirPaymentMethod  method,
                                     const char         *text)
{
  g_return_if_fail (KASIR_IS_SHIFT_DIALOG (self));

  for (guint i = 0; i < N_METHODS; i++)
    if (kasir_payment_method_nth (i) == method)
      gtk_editable_set_text (GTK_EDITABLE (self->counted_rows[i]), text);
}

static void
on_open_clicked (KasirShiftDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!kasir_shift_dialog_open_shift (self, &error))
    show_error (self, _("Could Not Open the Shift"), error);
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   KasirShiftDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "close-shift") != 0)
    return;
  if (!kasir_shift_dialog_close_shift (self, &error))
    show_error (self, _("Could Not Close the Shift"), error);
}

/* The confirm step: each method's count against what was expected and its over or short,
 * then the warning; nothing is committed before the answer. */
static char *
close_summary (KasirShiftDialog *self)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < N_METHODS; i++)
    {
      KasirPaymentMethod m = kasir_payment_method_nth (i);
      g_autofree char *line = NULL;
      KasirMoney difference;
      gboolean exact;

      line = over_short_text (self, m, &exact);
      if (kasir_shift_dialog_get_over_short (self, m, &difference))
        {
          g_autofree char *counted = format_money (self, expected_for (self, m) + difference);

          /* Translators: a way of paying, the amount counted in the drawer, then what
           * was expected and the over or short ("Expected Rp 100.000 · short Rp 500"). */
          g_string_append_printf (out, _("%s: counted %s · %s"), kasir_payment_method_label (m),
                                  counted, line);
        }
      else
        g_string_append_printf (out, "%s: %s", kasir_payment_method_label (m), line);
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
  g_string_append (out, _("The counted amounts are recorded and cannot be changed afterwards."));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
on_close_clicked (KasirShiftDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *held = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* A count that cannot be read is said at once, before anything is asked. */
  for (guint i = 0; i < N_METHODS; i++)
    {
      KasirMoney amount;

      if (!parse_money (self, gtk_editable_get_text (GTK_EDITABLE (self->counted_rows[i])),
                        &amount, &error))
        {
          g_prefix_error (&error, "%s: ", kasir_payment_method_label (kasir_payment_method_nth (i)));
          show_error (self, _("Could Not Close the Shift"), error);
          return;
        }
    }
  summary = close_summary (self);
  /* Sales still held from before the close are named, so none is forgotten. */
  held = kasir_held_sales_close_note (self->database);
  body = g_strconcat (summary, held != NULL ? "\n\n" : "", held, NULL);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Close the Shift?"), body);
  gtk_widget_set_name (dialog, "close-shift-confirm");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close-shift", _("C_lose Shift"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close-shift",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_report (KasirShiftDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = kasir_shift_dialog_get_report_text (self);

  if (text == NULL)
    return;
  if (!kasir_shift_report_print (GTK_WINDOW (self), text, NULL, &error))
    show_error (self, _("Could Not Print the Report"), error);
}

static void
on_x_report_clicked (KasirShiftDialog *self)
{
  print_report (self);
}

static void
on_z_report_clicked (KasirShiftDialog *self)
{
  print_report (self);
}

static void
kasir_shift_dialog_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kasir_shift_dialog_parent_class)->map (widget);

  /* Sales may have been made since the dialog was built; show today's figures. */
  if (KASIR_SHIFT_DIALOG (widget)->database != NULL)
    refresh (KASIR_SHIFT_DIALOG (widget));
}

static void
kasir_shift_dialog_dispose (GObject *object)
{
  KasirShiftDialog *self = KASIR_SHIFT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_SHIFT_DIALOG);
  g_clear_object (&self->shifts);
  g_clear_object (&self->reports);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_shift_dialog_parent_class)->dispose (object);
}

static void
kasir_shift_dialog_finalize (GObject *object)
{
  KasirShiftDialog *self = KASIR_SHIFT_DIALOG (object);

  g_clear_pointer (&self->staff, kasir_staff_free);
  g_clear_pointer (&self->shift, kasir_shift_free);
  g_clear_pointer (&self->expected, g_ptr_array_unref);
  g_free (self->currency);
  g_free (self->z_report);

  G_OBJECT_CLASS (kasir_shift_dialog_parent_class)->finalize (object);
}

static void
kasir_shift_dialog_class_init (KasirShiftDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_shift_dialog_dispose;
  object_class->finalize = kasir_shift_dialog_finalize;
  widget_class->map = kasir_shift_dialog_map;

  signals[SHIFT_CHANGED] =
    g_signal_new ("shift-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-shift-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirShiftDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KasirShiftDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KasirShiftDialog, float_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShiftDialog, summary_group);
  gtk_widget_class_bind_template_child (widget_class, KasirShiftDialog, counted_group);
  gtk_widget_class_bind_template_child (widget_class, KasirShiftDialog, unsynced_label);
  gtk_widget_class_bind_template_child (widget_class, KasirShiftDialog, report_view);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_x_report_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_z_report_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_shift_dialog_init (KasirShiftDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_METHODS; i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     kasir_payment_method_label (kasir_payment_method_nth (i)));
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
      self->over_short_labels[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (self->over_short_labels[i]), "numeric");
      gtk_widget_add_css_class (GTK_WIDGET (self->over_short_labels[i]), "dim-label");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), GTK_WIDGET (self->over_short_labels[i]));
      adw_preferences_group_add (self->counted_group, row);
      self->counted_rows[i] = ADW_ENTRY_ROW (row);
      g_signal_connect (row, "changed", G_CALLBACK (on_counted_changed), self);
    }
}

KasirShiftDialog *
kasir_shift_dialog_new (GtkWindow        *parent,
                        KasirTillContext *context)
{
  KasirShiftDialog *self;
  KasirDatabase *database;
  const KasirStaff *staff;
  const char *currency;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  database = kasir_till_context_get_database (context);
  staff = kasir_till_context_get_staff (context);
  currency = kasir_till_context_get_currency (context);
  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);
  g_return_val_if_fail (staff != NULL && staff->id > 0, NULL);

  self = g_object_new (KASIR_TYPE_SHIFT_DIALOG, "transient-for", parent, "context", context, NULL);
  self->database = g_object_ref (database);
  self->shifts = kasir_shift_repository_new (database);
  self->reports = kasir_shift_report_repository_new (database);
  self->staff = kasir_staff_copy (staff);
  self->currency = g_strdup (currency != NULL ? currency : KASIR_DEFAULT_CURRENCY);
  refresh (self);

  return self;
}
