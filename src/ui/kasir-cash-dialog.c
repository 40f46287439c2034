/* kasir-cash-dialog.c — pay-ins and pay-outs of the drawer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-approval.h"
#include "kasir-cash-dialog.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-shift-repository.h"
#include "kasir-ui-money.h"

/* Every pay-out asks a manager unless the shop sets a limit. */
#define DEFAULT_PAYOUT_APPROVAL_ABOVE 0

struct _KasirCashDialog
{
  KasirTillDialog            parent_instance;

  KasirShiftCashRepository  *cash;
  char                      *shift_id;
  char                      *message;
  GCancellable              *cancellable;

  AdwWindowTitle            *title;
  AdwComboRow               *direction_row;
  AdwComboRow               *reason_row;
  AdwEntryRow               *amount_row;
  AdwEntryRow               *note_row;
  AdwActionRow              *expected_row;
  GtkLabel                  *expected_label;
  GtkLabel                  *message_label;
  GtkButton                 *record_button;
};

G_DEFINE_FINAL_TYPE (KasirCashDialog, kasir_cash_dialog, KASIR_TYPE_TILL_DIALOG)

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KasirTillContext *
context_of (KasirCashDialog *self)
{
  return kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
}

static void
show_message (KasirCashDialog *self,
              const char      *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_label (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static void
refresh_expected (KasirCashDialog *self)
{
  KasirTillContext *context = context_of (self);
  KasirShiftRepository *shifts = kasir_till_context_get_shift_repository (context);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->shift_id == NULL)
    return;
  expected = kasir_shift_repository_expected (shifts, self->shift_id, &error);
  if (expected == NULL)
    {
      show_message (self, error->message);
      return;
    }
  text = kasir_ui_money_format (((KasirPayment *) expected->pdata[0])->amount,
                                kasir_till_context_get_currency (context));
  gtk_label_set_label (self->expected_label, text);
}

static KasirCashDirection
direction_of (KasirCashDialog *self)
{
  return adw_combo_row_get_selected (self->direction_row) == 1 ? KASIR_CASH_OUT : KASIR_CASH_IN;
}

static gint64
payout_limit (KasirCashDialog *self)
{
  g_autoptr(KasirSettingsRepository) settings =
    kasir_settings_repository_new (kasir_till_context_get_database (context_of (self)));
  gint64 limit = DEFAULT_PAYOUT_APPROVAL_ABOVE;

  if (!kasir_settings_repository_get_int64 (settings, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE,
                                            DEFAULT_PAYOUT_APPROVAL_ABOVE, &limit, NULL))
    limit = DEFAULT_PAYOUT_APPROVAL_ABOVE;
  return limit;
}

static void
record (KasirCashDialog *self,
        KasirMoney       amount,
        gint64           approved_by)
{
  KasirTillContext *context = context_of (self);
  KasirSyncService *service = kasir_till_context_get_sync_service (context);
  g_autoptr(GError) error = NULL;
  g_autofree char *cash_id = NULL;

  cash_id = kasir_shift_cash_repository_record (self->cash, self->shift_id,
                                                kasir_till_context_get_staff_id (context),
                                                approved_by, direction_of (self),
                                                (KasirCashReason) adw_combo_row_get_selected (self->reason_row),
                                                gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                                amount, &error);
  if (cash_id == NULL)
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, NULL);
  if (service != NULL)
    kasir_sync_service_outbox_changed (service);
  g_signal_emit (self, signals[RECORDED], 0, cash_id);
  gtk_window_close (GTK_WINDOW (self));
}

typedef struct
{
  KasirCashDialog *self;
  KasirMoney       amount;
} Pending;

static void
on_approved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(KasirCashDialog) self = pending->self;
  g_autoptr(GError) error = NULL;
  KasirMoney amount = pending->amount;
  gint64 manager = kasir_approval_request_finish (result, &error);

  g_free (pending);
  if (manager < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    record (self, amount, manager);
}

void
kasir_cash_dialog_submit (KasirCashDialog *self)
{
  KasirTillContext *context;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  KasirMoney amount = 0;
  gint64 limit;
  Pending *pending;

  g_return_if_fail (KASIR_IS_CASH_DIALOG (self));

  context = context_of (self);
  if (self->shift_id == NULL)
    {
      show_message (self, _("No shift is open on this till. Open a shift first."));
      return;
    }
  if (!kasir_ui_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)),
                             kasir_till_context_get_currency (context), &amount, &error))
    {
      show_message (self, error->message);
      return;
    }
  if (amount <= 0)
    {
      show_message (self, _("The amount must be more than zero"));
      return;
    }

  limit = payout_limit (self);
  if (direction_of (self) != KASIR_CASH_OUT || limit < 0 || amount <= limit)
    {
      record (self, amount, 0);
      return;
    }

  {
    g_autofree char *money = kasir_ui_money_format (amount, kasir_till_context_get_currency (context));

    detail = g_strdup_printf (_("A pay-out of %s needs a manager. Enter a manager’s PIN."), money);
  }
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->amount = amount;
  kasir_approval_request_async (context, GTK_WINDOW (self), KASIR_APPROVAL_PAY_OUT, detail,
                                self->cancellable, on_approved, pending);
}

const char *
kasir_cash_dialog_get_message (KasirCashDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CASH_DIALOG (self), NULL);

  return self->message;
}

void
kasir_cash_dialog_set_entry (KasirCashDialog    *self,
                             KasirCashDirection  direction,
                             KasirCashReason     reason,
                             const char         *amount_text,
                             const char         *note)
{
  g_return_if_fail (KASIR_IS_CASH_DIALOG (self));

  adw_combo_row_set_selected (self->direction_row, direction == KASIR_CASH_OUT ? 1 : 0);
  adw_combo_row_set_selected (self->reason_row, reason);
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), amount_text != NULL ? amount_text : "");
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), note != NULL ? note : "");
}

static void
on_record_clicked (KasirCashDialog *self)
{
  kasir_cash_dialog_submit (self);
}

static GtkWidget *
build_form (KasirCashDialog *self)
{
  const char * const directions[] = { _("Pay-in: cash into the drawer"),
                                      _("Pay-out: cash out of the drawer"), NULL };
  const char * const reasons[] = { kasir_cash_reason_label (KASIR_CASH_REASON_PETTY_CASH),
                                   kasir_cash_reason_label (KASIR_CASH_REASON_FLOAT),
                                   kasir_cash_reason_label (KASIR_CASH_REASON_OTHER), NULL };
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) direction_model = gtk_string_list_new (directions);
  g_autoptr(GtkStringList) reason_model = gtk_string_list_new (reasons);

  self->direction_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->direction_row), _("_Direction"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->direction_row), TRUE);
  adw_combo_row_set_model (self->direction_row, G_LIST_MODEL (direction_model));

  self->reason_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row), _("_Reason"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->reason_row), TRUE);
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reason_model));

  self->amount_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), _("_Amount"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->amount_row), TRUE);
  adw_entry_row_set_input_purpose (self->amount_row, GTK_INPUT_PURPOSE_NUMBER);
  adw_entry_row_set_activates_default (self->amount_row, TRUE);

  self->note_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row), _("_Note"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->note_row), TRUE);
  adw_entry_row_set_activates_default (self->note_row, TRUE);

  self->expected_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expected_row),
                                 _("Cash the drawer should hold"));
  self->expected_label = GTK_LABEL (gtk_label_new ("—"));
  gtk_widget_add_css_class (GTK_WIDGET (self->expected_label), "numeric");
  adw_action_row_add_suffix (self->expected_row, GTK_WIDGET (self->expected_label));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->direction_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->reason_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->amount_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->note_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->expected_row));

  return group;
}

static void
kasir_cash_dialog_init (KasirCashDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *clamp = adw_clamp_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Cash In or Out"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 460, -1);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Cash In or Out"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (toolbar), header);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_box_append (GTK_BOX (content), build_form (self));

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->message_label));

  self->record_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Record")));
  gtk_widget_add_css_class (GTK_WIDGET (self->record_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->record_button), "pill");
  gtk_widget_set_halign (GTK_WIDGET (self->record_button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->record_button, "clicked", G_CALLBACK (on_record_clicked), self);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->record_button));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->record_button));

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_box_append (GTK_BOX (toolbar), clamp);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

static void
kasir_cash_dialog_dispose (GObject *object)
{
  KasirCashDialog *self = KASIR_CASH_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cash);

  G_OBJECT_CLASS (kasir_cash_dialog_parent_class)->dispose (object);
}

static void
kasir_cash_dialog_finalize (GObject *object)
{
  KasirCashDialog *self = KASIR_CASH_DIALOG (object);

  g_free (self->shift_id);
  g_free (self->message);

  G_OBJECT_CLASS (kasir_cash_dialog_parent_class)->finalize (object);
}

static void
kasir_cash_dialog_class_init (KasirCashDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_cash_dialog_dispose;
  object_class->finalize = kasir_cash_dialog_finalize;

  signals[RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

KasirCashDialog *
kasir_cash_dialog_new (GtkWindow        *parent,
                       KasirTillContext *context)
{
  KasirCashDialog *self;
  KasirDatabase *database;
  g_autoptr(KasirShift) open = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  database = kasir_till_context_get_database (context);
  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_CASH_DIALOG, "transient-for", parent, "context", context, NULL);
  self->cash = kasir_shift_cash_repository_new (database);
  open = kasir_shift_repository_get_open (kasir_till_context_get_shift_repository (context), &error);
  if (error != NULL)
    show_message (self, error->message);
  else if (open == NULL)
    show_message (self, _("No shift is open on this till. Open a shift first."));
  else
    self->shift_id = g_strdup (open->id);
  gtk_widget_set_sensitive (GTK_WIDGET (self->record_button), self->shift_id != NULL);
  adw_window_title_set_subtitle (self->title, self->shift_id != NULL ? _("Shift open")
                                                                     : _("No shift open"));
  refresh_expected (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));

  return self;
}
