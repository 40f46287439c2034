/* kasir-checkout-dialog.c — taking payment for the cart and committing the sale.
 *
 * The dialog works on a copy of the cart, so nothing the cashier does here changes the
 * cart until the sale is committed. Commit is one call to the sales repository: one local
 * transaction that writes the sale, queues it in the outbox and clears the saved cart.
 * The receipt is shown only after that call returned, so a receipt on screen is always a
 * sale on disk.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-payment-method.h"
#include "kasir-checkout-dialog.h"
#include "kasir-sales-repository.h"
#include "kasir-ui-money.h"
#include "kasir-tender.h"
#include "kasir-checkout-points.h"

struct _KasirCheckoutDialog
{
  AdwWindow           parent_instance;

  KasirCart          *cart;
  KasirTillContext   *context;
  GPtrArray          *payments;   /* KasirPayment* */
  KasirSale          *sale;
  char               *message;
  KasirPaymentMethod  method;
  GSettings          *settings;
  AdwMessageDialog   *confirmation;    /* asking about a very large tender, or NULL */
  KasirPaymentMethod  pending_method;  /* the tender the confirmation asks about */
  KasirMoney          pending_amount;
  KasirMoney          quick_due;       /* what the quick-cash buttons were built for */

  GtkStack           *stack;
  GtkLabel           *due_label;
  GtkBox             *method_box;
  GPtrArray          *method_buttons;  /* GtkToggleButton*, in the table's order */
  GtkEntry           *amount_entry;
  GtkEntry           *reference_entry;
  GtkFlowBox         *quick_box;
  GtkListBox         *payments_box;
  GtkLabel           *remaining_label;
  GtkLabel           *change_label;
  GtkLabel           *message_label;
  GtkWidget          *commit_button;
  KasirReceiptView   *receipt_view;
  GtkWidget          *done_button;
};

G_DEFINE_FINAL_TYPE (KasirCheckoutDialog, kasir_checkout_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SALE_COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_message (KasirCheckoutDialog *self,
             const char          *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static gboolean
sum_payments (KasirCheckoutDialog *self,
              gboolean             cash_only,
              gboolean             non_cash_only,
              KasirMoney          *out)
{
  KasirMoney sum = 0;

  for (guint i = 0; i < self->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (self->payments, i);

      if (cash_only && p->method != KASIR_PAYMENT_CASH)
        continue;
      if (non_cash_only && p->method == KASIR_PAYMENT_CASH)
        continue;
      if (!kasir_money_add (sum, p->amount, &sum))
        return FALSE;
    }
  *out = sum;

  return TRUE;
}

KasirMoney
kasir_checkout_dialog_get_remaining (KasirCheckoutDialog *self)
{
  KasirMoney paid = 0;

  g_return_val_if_fail (KASIR_IS_CHECKOUT_DIALOG (self), 0);

  if (!sum_payments (self, FALSE, FALSE, &paid) || paid >= self->cart->total)
    return 0;

  return self->cart->total - paid;
}

KasirMoney
kasir_checkout_dialog_get_change (KasirCheckoutDialog *self)
{
  KasirMoney paid = 0;

  g_return_val_if_fail (KASIR_IS_CHECKOUT_DIALOG (self), 0);

  if (!sum_payments (self, FALSE, FALSE, &paid) || paid <= self->cart->total)
    return 0;

  return paid - self->cart->total;
}

static void
on_remove_payment_clicked (GtkButton           *button,
                           KasirCheckoutDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    kasir_checkout_dialog_remove_payment (self, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static void build_quick_cash (KasirCheckoutDialog *self,
                              KasirMoney           due);

static void
update (KasirCheckoutDialog *self)
{
  GtkWidget *child;
  g_autofree char *due = kasir_ui_money_format (self->cart->total, self->cart->currency);
  g_autofree char *due_text = NULL;
  g_autofree char *remaining = NULL;
  g_autofree char *remaining_text = NULL;
  g_autofree char *change = NULL;
  g_autofree char *change_text = NULL;
  KasirMoney left = kasir_checkout_dialog_get_remaining (self);

  /* Translators: the amount the customer must pay, at the top of the payment dialog. */
  due_text = g_strdup_printf (_("Total due %s"), due);
  gtk_label_set_label (self->due_label, due_text);

  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->payments_box, 0))) != NULL)
    gtk_list_box_remove (self->payments_box, child);

  for (guint i = 0; i < self->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (self->payments, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *name = gtk_label_new (kasir_payment_method_label (p->method));
      g_autofree char *amount = kasir_ui_money_format (p->amount, self->cart->currency);
      GtkWidget *value = gtk_label_new (amount);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *remove_label = NULL;

      gtk_widget_set_hexpand (name, TRUE);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_set_size_request (remove, 48, 48);
      gtk_widget_add_css_class (remove, "flat");
      /* Translators: accessible name of the button that removes one payment. */
      remove_label = g_strdup_printf (_("Remove payment %s %s"), kasir_payment_method_label (p->method), amount);
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                      -1);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_payment_clicked), self);
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), remove);
      gtk_widget_set_margin_start (box, 12);
      gtk_list_box_append (self->payments_box, box);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->payments_box), self->payments->len > 0);

  remaining = kasir_ui_money_format (left, self->cart->currency);
  remaining_text = g_strdup_printf (_("Still to pay: %s"), remaining);
  gtk_label_set_label (self->remaining_label, remaining_text);
  change = kasir_ui_money_format (kasir_checkout_dialog_get_change (self), self->cart->currency);
  change_text = g_strdup_printf (_("Change due: %s"), change);
  gtk_label_set_label (self->change_label, change_text);

  gtk_entry_set_placeholder_text (self->amount_entry, remaining);
  build_quick_cash (self, left);
  gtk_widget_set_sensitive (self->commit_button, left == 0);
  if (left == 0)
    gtk_window_set_default_widget (GTK_WINDOW (self), self->commit_button);
}

/* Points pay whole points, within the member's known balance and what is left. */
static gboolean
check_points (KasirCheckoutDialog  *self,
              KasirMoney           *amount,
              GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (kasir_checkout_points_check (self->context, self->cart, self->payments, *amount,
                                   kasir_checkout_dialog_get_remaining (self), amount, &local_error))
    return TRUE;
  set_message (self, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
kasir_checkout_dialog_add_payment (KasirCheckoutDialog  *self,
                                   KasirPaymentMethod    method,
                                   KasirMoney            amount,
                                   GError              **error)
{
  KasirMoney left;
  const char *reference;

  g_return_val_if_fail (KASIR_IS_CHECKOUT_DIALOG (self), FALSE);

  if (self->sale != NULL)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("This sale is already complete"));
      set_message (self, _("This sale is already complete"));
      return FALSE;
    }

  if (amount <= 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("A payment must be more than zero"));
      set_message (self, _("A payment must be more than zero"));
      return FALSE;
    }

  if (method == KASIR_PAYMENT_POINTS && !check_points (self, &amount, error))
    return FALSE;

  left = kasir_checkout_dialog_get_remaining (self);
  if (method != KASIR_PAYMENT_CASH && amount > left)
    {
      g_autofree char *left_text = kasir_ui_money_format (left, self->cart->currency);
      g_autofree char *message = NULL;

      /* Only cash can be handed back as change, so any other method may pay at most
       * what is left. */
      if (left == 0)
        message = g_strdup_printf (_("Nothing is left to pay by %s"), kasir_payment_method_label (method));
      else
        message = g_strdup_printf (_("A %s payment cannot be more than what is left to pay (%s)"),
                                   kasir_payment_method_label (method), left_text);
      g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID, message);
      set_message (self, message);
      return FALSE;
    }

  {
    KasirMoney check;
    KasirMoney paid = 0;

    if (!sum_payments (self, FALSE, FALSE, &paid) || !kasir_money_add (paid, amount, &check))
      {
        g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW,
                     _("That amount is too large"));
        set_message (self, _("That amount is too large"));
        return FALSE;
      }
  }

  {
    KasirPayment *payment = kasir_payment_new (method, amount);

    reference = gtk_editable_get_text (GTK_EDITABLE (self->reference_entry));
    if (method != KASIR_PAYMENT_CASH && reference[0] != '\0')
      payment->reference = g_strdup (reference);
    g_ptr_array_add (self->payments, payment);
  }

  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reference_entry), "");
  set_message (self, NULL);
  update (self);

  return TRUE;
}

void
kasir_checkout_dialog_remove_payment (KasirCheckoutDialog *self,
                                      guint                index)
{
  g_return_if_fail (KASIR_IS_CHECKOUT_DIALOG (self));

  if (self->sale != NULL || index >= self->payments->len)
    return;

  g_ptr_array_remove_index (self->payments, index);
  set_message (self, NULL);
  update (self);
}

gboolean
kasir_checkout_dialog_commit (KasirCheckoutDialog  *self,
                              GError              **error)
{
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) local_error = NULL;
  KasirSyncService *service;
  KasirMoney left;

  g_return_val_if_fail (KASIR_IS_CHECKOUT_DIALOG (self), FALSE);

  if (self->sale != NULL)
    return TRUE;

  left = kasir_checkout_dialog_get_remaining (self);
  if (left > 0)
    {
      g_autofree char *left_text = kasir_ui_money_format (left, self->cart->currency);
      g_autofree char *message = g_strdup_printf (_("%s is still to pay"), left_text);

      g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS, message);
      set_message (self, message);
      return FALSE;
    }

  sale = kasir_cart_to_sale (self->cart, self->payments,
                             kasir_checkout_points_redeemed (self->context, self->payments),
                             &local_error);
  if (sale == NULL)
    {
      set_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The sale records who sells and in which shift, as the context knows them. */
  sale->staff_id = kasir_till_context_get_staff_id (self->context);
  sale->shift_id = g_strdup (kasir_till_context_get_shift_id (self->context));
  kasir_checkout_points_finish (self->context, self->cart, sale);

  if (!kasir_sales_repository_commit_sale (kasir_till_context_get_sales_repository (self->context),
                                           sale, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("The sale could not be saved: %s"),
                                                  local_error->message);

      set_message (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->sale = g_steal_pointer (&sale);
  kasir_till_context_sale_committed (self->context);
  service = kasir_till_context_get_sync_service (self->context);
  if (service != NULL)
    kasir_sync_service_outbox_changed (service);

  set_message (self, NULL);
  kasir_receipt_view_set_sale (self->receipt_view, self->sale, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "receipt");
  gtk_window_set_title (GTK_WINDOW (self), _("Receipt"));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->done_button);
  gtk_widget_grab_focus (self->done_button);

  g_signal_emit (self, signals[SALE_COMMITTED], 0, self->sale);

  return TRUE;
}

void
kasir_checkout_dialog_refuse_scan (KasirCheckoutDialog *self,
                                   const char          *code)
{
  g_autofree char *message = NULL;

  g_return_if_fail (KASIR_IS_CHECKOUT_DIALOG (self));
  g_return_if_fail (code != NULL);

  /* Translators: a barcode was scanned while the payment dialog is open; %s is the code. */
  message = g_strdup_printf (_("Finish this payment first (scanned %s; nothing was added)"), code);
  set_message (self, message);
  gtk_widget_error_bell (GTK_WIDGET (self));
}

const KasirSale *
kasir_checkout_dialog_get_sale (KasirCheckoutDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CHECKOUT_DIALOG (self), NULL);

  return self->sale;
}

const char *
kasir_checkout_dialog_get_message (KasirCheckoutDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CHECKOUT_DIALOG (self), NULL);

  return self->message;
}

KasirReceiptView *
kasir_checkout_dialog_get_receipt_view (KasirCheckoutDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CHECKOUT_DIALOG (self), NULL);

  return self->receipt_view;
}

/* ---- Actions and callbacks ---- */

static void
on_confirmation_response (AdwMessageDialog    *dialog,
                          const char          *response,
                          KasirCheckoutDialog *self)
{
  if (self->confirmation == dialog)
    self->confirmation = NULL;
  if (g_strcmp0 (response, "take") != 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
      gtk_editable_select_region (GTK_EDITABLE (self->amount_entry), 0, -1);
      return;
    }

  /* The amount asked about, not whatever the field holds by now: a quick-cash button
   * never wrote its amount into the field. */
  kasir_checkout_dialog_add_payment (self, self->pending_method, self->pending_amount, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
}

/* A tender far above the sale is most likely a code typed into the wrong field or a
 * slip of the finger: it is taken only once the cashier has said so, however it came
 * (typed, or a quick-cash button). */
static gboolean
confirm_large_tender (KasirCheckoutDialog *self,
                      KasirPaymentMethod   method,
                      KasirMoney           amount)
{
  g_autofree char *amount_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (!kasir_tender_needs_confirmation (amount, self->cart->total,
                                        g_settings_get_uint (self->settings, "tender-confirm-factor"),
                                        g_settings_get_int64 (self->settings, "tender-confirm-floor")))
    return FALSE;

  if (self->confirmation != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirmation)));
  self->pending_method = method;
  self->pending_amount = amount;
  amount_text = kasir_ui_money_format (amount, self->cart->currency);
  total_text = kasir_ui_money_format (self->cart->total, self->cart->currency);
  /* Translators: asked before a very large payment is taken; %s is the amount. */
  heading = g_strdup_printf (_("Take %s?"), amount_text);
  /* Translators: %1$s is the amount tendered, %2$s the sale total. */
  body = g_strdup_printf (_("%1$s is far more than the total of %2$s. Check the amount the customer handed over."),
                          amount_text, total_text);
  self->confirmation = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (self->confirmation,
                                    "cancel", _("_Correct the Amount"),
                                    "take", _("_Take It"),
                                    NULL);
  adw_message_dialog_set_default_response (self->confirmation, "cancel");
  adw_message_dialog_set_close_response (self->confirmation, "cancel");
  g_signal_connect_object (self->confirmation, "response", G_CALLBACK (on_confirmation_response), self, 0);
  gtk_window_present (GTK_WINDOW (self->confirmation));

  return TRUE;
}

AdwMessageDialog *
kasir_checkout_dialog_get_confirmation (KasirCheckoutDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CHECKOUT_DIALOG (self), NULL);

  return self->confirmation;
}

void
kasir_checkout_dialog_set_method (KasirCheckoutDialog *self,
                                  KasirPaymentMethod   method)
{
  guint n;
  const KasirPaymentMethodInfo *methods = kasir_payment_methods (&n);

  g_return_if_fail (KASIR_IS_CHECKOUT_DIALOG (self));

  for (guint i = 0; i < n && i < self->method_buttons->len; i++)
    if (methods[i].method == method)
      gtk_toggle_button_set_active (self->method_buttons->pdata[i], TRUE);
}

static void
add_from_entry (KasirCheckoutDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_entry));
  g_autoptr(GError) error = NULL;
  KasirMoney amount;

  /* Enter in an empty field when everything is paid completes the sale; in an empty
   * field otherwise it pays what is left with the chosen method. */
  if (text[0] == '\0')
    {
      KasirMoney left = kasir_checkout_dialog_get_remaining (self);

      if (left == 0)
        {
          kasir_checkout_dialog_commit (self, NULL);
          return;
        }
      amount = left;
    }
  else if (!kasir_ui_money_parse (text, self->cart->currency, &amount, &error))
    {
      set_message (self, error->message);
      return;
    }
  else if (confirm_large_tender (self, self->method, amount))
    return;

  kasir_checkout_dialog_add_payment (self, self->method, amount, NULL);
}

static void
action_add_payment (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  add_from_entry (KASIR_CHECKOUT_DIALOG (widget));
}

static void
action_quick_cash (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KasirCheckoutDialog *self = KASIR_CHECKOUT_DIALOG (widget);
  gint64 amount = g_variant_get_int64 (parameter);

  /* 0 stands for "exact": the amount left, in cash. */
  if (amount == 0)
    amount = kasir_checkout_dialog_get_remaining (self);
  else if (confirm_large_tender (self, KASIR_PAYMENT_CASH, amount))
    return;
  kasir_checkout_dialog_add_payment (self, KASIR_PAYMENT_CASH, amount, NULL);
}

static void
action_commit (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kasir_checkout_dialog_commit (KASIR_CHECKOUT_DIALOG (widget), NULL);
}

static void
action_print (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KasirCheckoutDialog *self = KASIR_CHECKOUT_DIALOG (widget);
  g_autoptr(KasirReceiptPrinter) printer = kasir_receipt_view_create_printer (self->receipt_view);
  g_autoptr(GError) error = NULL;

  if (printer != NULL && !kasir_receipt_printer_print (printer, GTK_WINDOW (self), &error))
    set_message (self, error->message);
}

static void
action_close (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
on_method_toggled (GtkToggleButton     *button,
                   KasirCheckoutDialog *self)
{
  KasirMoney left;
  guint n;

  if (!gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < self->method_buttons->len; i++)
    if (self->method_buttons->pdata[i] == (gpointer) button)
      self->method = kasir_payment_methods (&n)[i].method;

  /* Card and e-wallet pay an exact amount, most often all that is left. */
  left = kasir_checkout_dialog_get_remaining (self);
  if (self->method != KASIR_PAYMENT_CASH && left > 0)
    {
      const KasirCurrency *currency = kasir_currency_lookup (self->cart->currency);
      KasirNumberFormat format;
      g_autofree char *text = NULL;

      kasir_number_format_current (&format);
      text = kasir_money_format (left, currency != NULL ? &(KasirCurrency) { .exponent = currency->exponent } : NULL,
                                 &format);
      gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), g_strstrip (text));
    }
  else if (self->method == KASIR_PAYMENT_CASH)
    gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), "");
  if (self->method == KASIR_PAYMENT_POINTS)
    {
      g_autofree char *most = kasir_checkout_points_most_text (self->context, self->cart,
                                                               self->payments, left);

      gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), most);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reference_entry), self->method != KASIR_PAYMENT_CASH);
  gtk_widget_set_visible (GTK_WIDGET (self->quick_box), self->method == KASIR_PAYMENT_CASH && left > 0);
}

/* A toggle button per method of the table, cash first and chosen. */
static void
build_method_buttons (KasirCheckoutDialog *self)
{
  guint n;
  const KasirPaymentMethodInfo *methods = kasir_payment_methods (&n);

  self->method_buttons = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new_with_mnemonic (kasir_payment_method_mnemonic (methods[i].method));

      gtk_widget_set_halign (content, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name (methods[i].icon_name));
      gtk_box_append (GTK_BOX (content), label);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), button);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kasir_payment_method_label (methods[i].method), -1);
      gtk_widget_set_size_request (button, -1, 48);
      /* Points only for a member who has some (kasir_checkout_dialog_new). */
      gtk_widget_set_visible (button, methods[i].method != KASIR_PAYMENT_POINTS);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->method_buttons->pdata[0]);
      else
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      g_signal_connect (button, "toggled", G_CALLBACK (on_method_toggled), self);
      g_ptr_array_add (self->method_buttons, button);
      gtk_box_append (self->method_box, button);
    }
}

static void
on_amount_activate (GtkEntry            *entry,
                    KasirCheckoutDialog *self)
{
  add_from_entry (self);
}

static GtkWidget *
quick_cash_button (GtkWidget  *button,
                   const char *accessible,
                   gint64      target)
{
  gtk_widget_set_size_request (button, 96, 48);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "checkout.quick-cash");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return button;
}

/* "Exact" and the round-up amounts a customer is likely to hand over for what is left
 * (Rp 137.500: 140.000, 150.000, 200.000). Cash only: no other method gives change. */
static void
build_quick_cash (KasirCheckoutDialog *self,
                  KasirMoney           due)
{
  KasirMoney amounts[KASIR_TENDER_MAX_SUGGESTIONS];
  GtkWidget *child;
  guint n;

  gtk_widget_set_visible (GTK_WIDGET (self->quick_box), self->method == KASIR_PAYMENT_CASH && due > 0);
  if (due == self->quick_due)
    return;
  self->quick_due = due;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->quick_box))) != NULL)
    gtk_flow_box_remove (self->quick_box, child);
  if (due <= 0)
    return;

  /* Translators: the quick-cash button that pays exactly what is left, in cash. */
  gtk_flow_box_append (self->quick_box, quick_cash_button (gtk_button_new_with_mnemonic (_("E_xact")),
                                                          _("Exact amount in cash"), 0));

  n = kasir_tender_suggest_cash (due, kasir_currency_lookup (self->cart->currency), amounts);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = kasir_ui_money_format (amounts[i], self->cart->currency);
      /* Translators: accessible name of a quick-cash button; %s is an amount. */
      g_autofree char *accessible = g_strdup_printf (_("Cash %s"), label);

      gtk_flow_box_append (self->quick_box, quick_cash_button (gtk_button_new_with_label (label),
                                                              accessible, amounts[i]));
    }
}

/* ---- Class ---- */

static void
kasir_checkout_dialog_dispose (GObject *object)
{
  KasirCheckoutDialog *self = KASIR_CHECKOUT_DIALOG (object);

  if (self->confirmation != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirmation)));
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_CHECKOUT_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kasir_checkout_dialog_parent_class)->dispose (object);
}

static void
kasir_checkout_dialog_finalize (GObject *object)
{
  KasirCheckoutDialog *self = KASIR_CHECKOUT_DIALOG (object);

  g_clear_pointer (&self->cart, kasir_cart_free);
  g_clear_pointer (&self->payments, g_ptr_array_unref);
  g_clear_pointer (&self->method_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->sale, kasir_sale_free);
  g_free (self->message);

  G_OBJECT_CLASS (kasir_checkout_dialog_parent_class)->finalize (object);
}

static void
kasir_checkout_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KasirCheckoutDialog *self = KASIR_CHECKOUT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_checkout_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KasirCheckoutDialog *self = KASIR_CHECKOUT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_checkout_dialog_class_init (KasirCheckoutDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kasir_checkout_dialog_get_property;
  object_class->set_property = kasir_checkout_dialog_set_property;
  object_class->dispose = kasir_checkout_dialog_dispose;
  object_class->finalize = kasir_checkout_dialog_finalize;

  /**
   * KasirCheckoutDialog:context:
   *
   * The till's context: the sale is saved on its database, told to its sync service,
   * and records its signed-in staff and open shift.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KASIR_TYPE_TILL_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KasirCheckoutDialog::sale-committed:
   * @sale: (type gpointer): the committed KasirSale, owned by the dialog
   *
   * The sale is on disk and queued for the server.
   */
  signals[SALE_COMMITTED] =
    g_signal_new ("sale-committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  g_type_ensure (KASIR_TYPE_RECEIPT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-checkout-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, due_label);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, method_box);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, reference_entry);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, quick_box);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, payments_box);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, remaining_label);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, change_label);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, commit_button);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, receipt_view);
  gtk_widget_class_bind_template_child (widget_class, KasirCheckoutDialog, done_button);
  gtk_widget_class_bind_template_callback (widget_class, on_amount_activate);

  gtk_widget_class_install_action (widget_class, "checkout.add-payment", NULL, action_add_payment);
  gtk_widget_class_install_action (widget_class, "checkout.quick-cash", "x", action_quick_cash);
  gtk_widget_class_install_action (widget_class, "checkout.commit", NULL, action_commit);
  gtk_widget_class_install_action (widget_class, "checkout.print", NULL, action_print);
  gtk_widget_class_install_action (widget_class, "checkout.close", NULL, action_close);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "checkout.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "checkout.commit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F12, 0, "checkout.commit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "checkout.print", NULL);
}

static void
kasir_checkout_dialog_init (KasirCheckoutDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  self->method = KASIR_PAYMENT_CASH;
  self->settings = g_settings_new (APP_ID);
  build_method_buttons (self);
}

KasirCheckoutDialog *
kasir_checkout_dialog_new (GtkWindow        *parent,
                           const KasirCart  *cart,
                           KasirTillContext *context)
{
  KasirCheckoutDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (cart != NULL, NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_CHECKOUT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "context", context,
                       NULL);
  self->cart = kasir_cart_copy (cart);
  kasir_cart_compute (self->cart, NULL);
  kasir_receipt_view_set_sync_service (self->receipt_view,
                                       kasir_till_context_get_sync_service (context));
  kasir_receipt_view_set_database (self->receipt_view, kasir_till_context_get_database (context));

  gtk_widget_set_visible (self->method_buttons->pdata[self->method_buttons->len - 1],
                          kasir_checkout_points_offered (context, self->cart));
  self->quick_due = -1;
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));

  return self;
}
