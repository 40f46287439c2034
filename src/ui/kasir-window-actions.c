/* kasir-window-actions.c — the main window's till.* and manager.* actions.
 *
 * The till's actions lock, open the shift, sync and show the preferences. The
 * manager's actions each ask for a manager's PIN first (the same lockout as the lock
 * screen), then open a window of the manager's tools over this one.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-approval.h"
#include "kasir-conflict-window.h"
#include "kasir-outbox-transfer-dialog.h"
#include "kasir-product-edit-dialog.h"
#include "kasir-low-stock-badge.h"
#include "kasir-products-window.h"
#include "kasir-report-window.h"
#include "kasir-shop-setup-window.h"
#include "kasir-staff-window.h"
#include "kasir-cash-dialog.h"
#include "kasir-shift-dialog.h"
#include "kasir-sales-history-window.h"
#include "kasir-sync-dashboard.h"
#include "kasir-void-sale.h"
#include "kasir-window-private.h"

void
_kasir_window_update_actions (KasirWindow *self)
{
  static const char *manager_actions[] = {
    "manager.conflicts", "manager.dashboard", "manager.edit-product", "manager.products",
    "manager.staff", "manager.reports", "manager.shop-setup", "manager.export-outbox",
    "manager.import-outbox",
  };
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean database, service;

  /* Called from the template's set-up too, before the context is there. */
  if (self->context == NULL)
    return;
  database = kasir_till_context_get_database (self->context) != NULL;
  service = kasir_till_context_get_sync_service (self->context) != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (manager_actions); i++)
    gtk_widget_action_set_enabled (widget, manager_actions[i], database);
  /* Counted again whenever someone signs in and when the products page closes. */
  kasir_low_stock_badge_update_async (GTK_MENU_BUTTON (self->manager_menu_button),
                                      kasir_till_context_get_database (self->context), NULL, NULL, NULL);
  gtk_widget_action_set_enabled (widget, "manager.trust-certificate",
                                 database && service && self->certificate_changed);
  gtk_widget_action_set_enabled (widget, "till.sync-now", service);
  gtk_widget_action_set_enabled (widget, "till.reports",
                                 database && kasir_till_context_get_staff (self->context) != NULL);
  gtk_widget_action_set_enabled (widget, "till.shift",
                                 database && kasir_till_context_get_staff (self->context) != NULL);
  gtk_widget_action_set_enabled (widget, "till.cash",
                                 database && kasir_till_context_get_staff (self->context) != NULL);
}

/* ---- The till ---- */

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit_by_name (widget, "lock-requested");
}

static void
on_preferences_approved (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;

  if (kasir_approval_request_finish (result, NULL) >= 0 && gtk_widget_get_root (widget) != NULL)
    g_signal_emit_by_name (widget, "preferences-requested");
}

/* The preferences (currency, tax, auto-lock, the server, removing data) are a manager's:
 * a manager approves opening them. Before the till has a database there is nothing in
 * them to guard. */
static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KasirTillContext *context = KASIR_WINDOW (widget)->context;

  if (context == NULL || kasir_till_context_get_database (context) == NULL)
    {
      g_signal_emit_by_name (widget, "preferences-requested");
      return;
    }
  kasir_approval_request_async (context, GTK_WINDOW (widget), KASIR_APPROVAL_PREFERENCES, NULL,
                                NULL, on_preferences_approved, g_object_ref (widget));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KasirSyncService *service = kasir_till_context_get_sync_service (KASIR_WINDOW (widget)->context);

  if (service != NULL)
    kasir_sync_service_sync_now (service);
}

static void
on_shift_changed (KasirShiftDialog *dialog,
                  const char       *shift_id,
                  KasirWindow      *self)
{
  KasirSyncService *service = kasir_till_context_get_sync_service (self->context);

  kasir_till_context_set_shift_id (self->context, shift_id);
  if (service != NULL)
    kasir_sync_service_outbox_changed (service);
}

static void
shift_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KasirWindow *self = KASIR_WINDOW (widget);
  KasirDatabase *db = kasir_till_context_get_database (self->context);
  const KasirStaff *staff = kasir_till_context_get_staff (self->context);
  KasirShiftDialog *dialog;

  if (db == NULL || staff == NULL)
    return;
  dialog = kasir_shift_dialog_new (GTK_WINDOW (self), self->context);
  g_signal_connect_object (dialog, "shift-changed", G_CALLBACK (on_shift_changed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Pay-ins and pay-outs of the drawer, in the open shift. */
static void
cash_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KasirWindow *self = KASIR_WINDOW (widget);

  if (kasir_till_context_get_database (self->context) == NULL ||
      kasir_till_context_get_staff (self->context) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (kasir_cash_dialog_new (GTK_WINDOW (self), self->context)));
}

/* ---- Sales history ---- */

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KasirWindow *self = KASIR_WINDOW (widget);

  if (kasir_till_context_get_database (self->context) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (kasir_sales_history_window_new (GTK_WINDOW (self), self->context)));
}

/* ---- Voiding the last sale ---- */

static void
on_voided (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirWindow) self = user_data;
  g_autoptr(KasirRefund) refund = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  refund = kasir_void_last_sale_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  title = refund != NULL ? g_strdup (_("The last sale is voided; its money is given back"))
                         : g_strdup (error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
void_last_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KasirWindow *self = KASIR_WINDOW (widget);

  kasir_void_last_sale_async (self->context, GTK_WINDOW (self), NULL, on_voided, g_object_ref (self));
}

/* ---- The manager's tools ---- */

typedef void (*ManagerTool) (KasirWindow      *self,
                             const KasirStaff *manager);

/* The window may have been closed while the prompt was open. */
typedef struct
{
  KasirWindow *window;   /* weak */
  ManagerTool  tool;
} PinRequest;

static void
on_approved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PinRequest *request = user_data;
  g_autoptr(KasirStaff) manager = NULL;
  g_autoptr(GError) error = NULL;
  gint64 manager_id = kasir_approval_request_finish (result, &error);

  /* Refused for a reason a person can act on (no manager yet): say so, never nothing. */
  if (error != NULL && request->window != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    kasir_window_add_toast (request->window, adw_toast_new (error->message));

  if (manager_id > 0 && request->window != NULL &&
      kasir_till_context_get_database (request->window->context) != NULL)
    {
      KasirStaffRepository *repo = kasir_till_context_get_staff_repository (request->window->context);

      manager = kasir_staff_repository_get (repo, manager_id, NULL);
      if (manager != NULL)
        request->tool (request->window, manager);
    }
  g_clear_weak_pointer (&request->window);
  g_free (request);
}

/* One approval (kasir-approval.h) opens the manager's tools; it holds for a few minutes
 * for that manager, so the next tool does not ask again. */
static void
with_manager_pin (KasirWindow *self,
                  const char  *reason,
                  ManagerTool  tool)
{
  KasirDatabase *db = kasir_till_context_get_database (self->context);
  PinRequest *request;

  if (db == NULL)
    return;
  request = g_new0 (PinRequest, 1);
  g_set_weak_pointer (&request->window, self);
  request->tool = tool;
  kasir_approval_request_async (self->context, GTK_WINDOW (self), KASIR_APPROVAL_MANAGER_TOOLS,
                                reason, NULL, on_approved, request);
}

static void
open_conflicts (KasirWindow      *self,
                const KasirStaff *manager)
{
  if (self->conflicts != NULL)
    gtk_window_destroy (self->conflicts);
  g_set_weak_pointer (&self->conflicts,
                      GTK_WINDOW (kasir_conflict_window_new (GTK_WINDOW (self), self->context,
                                                             manager->id)));
  gtk_window_present (self->conflicts);
}

static void
open_dashboard (KasirWindow      *self,
                const KasirStaff *manager)
{
  if (self->dashboard == NULL)
    g_set_weak_pointer (&self->dashboard,
                        GTK_WINDOW (kasir_sync_dashboard_new (GTK_WINDOW (self), self->context)));
  gtk_window_present (self->dashboard);
}

static void
open_edit_product (KasirWindow      *self,
                   const KasirStaff *manager)
{
  KasirProductEditDialog *dialog;

  dialog = kasir_product_edit_dialog_new (GTK_WINDOW (self), self->context, manager->id);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_products (KasirWindow      *self,
               const KasirStaff *manager)
{
  KasirProductsWindow *products = kasir_products_window_new (GTK_WINDOW (self), self->context, manager->id);

  g_signal_connect_object (products, "destroy", G_CALLBACK (_kasir_window_update_actions), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (products));
}

static void
open_staff (KasirWindow      *self,
            const KasirStaff *manager)
{
  gtk_window_present (GTK_WINDOW (kasir_staff_window_new (GTK_WINDOW (self), self->context)));
}

static void
open_reports (KasirWindow      *self,
              const KasirStaff *manager)
{
  gtk_window_present (GTK_WINDOW (kasir_report_window_new (GTK_WINDOW (self), self->context, TRUE)));
}

static void
open_shop_setup (KasirWindow      *self,
                 const KasirStaff *manager)
{
  gtk_window_present (GTK_WINDOW (kasir_shop_setup_window_new (GTK_WINDOW (self), self->context, NULL)));
}

/* Anyone signed in sees the report of their own shift; a manager signed in sees all. */
static void
reports_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KasirWindow *self = KASIR_WINDOW (widget);
  const KasirStaff *staff = kasir_till_context_get_staff (self->context);

  if (kasir_till_context_get_database (self->context) == NULL || staff == NULL)
    return;
  gtk_window_present (GTK_WINDOW (kasir_report_window_new (GTK_WINDOW (self), self->context,
                                                           g_strcmp0 (staff->role, "manager") == 0)));
}

static void
open_transfer (KasirWindow             *self,
               KasirOutboxTransferMode  mode)
{
  KasirOutboxTransferDialog *dialog;

  dialog = kasir_outbox_transfer_dialog_new (GTK_WINDOW (self), self->context, mode);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_export (KasirWindow      *self,
             const KasirStaff *manager)
{
  open_transfer (self, KASIR_OUTBOX_TRANSFER_EXPORT);
}

static void
open_import (KasirWindow      *self,
             const KasirStaff *manager)
{
  open_transfer (self, KASIR_OUTBOX_TRANSFER_IMPORT);
}

/* ---- Trusting a new server certificate ---- */

static void
on_trusted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KasirWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!kasir_sync_service_trust_new_certificate_finish (KASIR_SYNC_SERVICE (source), result, &error))
    text = g_strdup_printf (_("The certificate was not trusted: %s"), error->message);
  else
    text = g_strdup (_("The server’s new certificate is trusted; syncing again"));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     KasirWindow      *self)
{
  KasirSyncService *service = kasir_till_context_get_sync_service (self->context);

  if (service == NULL || !g_str_equal (response, "trust"))
    return;
  kasir_sync_service_trust_new_certificate_async (service, NULL, on_trusted, g_object_ref (self));
}

static void
confirm_certificate (KasirWindow      *self,
                     const KasirStaff *manager)
{
  KasirSyncService *service = kasir_till_context_get_sync_service (self->context);
  const char *old_fp, *new_fp;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (service == NULL || (new_fp = kasir_sync_service_get_offered_fingerprint (service)) == NULL)
    return;
  old_fp = kasir_sync_service_get_server_fingerprint (service);
  body = g_strdup_printf (_("Trust it only when whoever runs the server confirms that "
                            "“kasir-server fingerprint” prints the new fingerprint.\n\n"
                            "Trusted until now:\n%s\n\nNew:\n%s"),
                          old_fp != NULL ? old_fp : "—", new_fp);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Trust the New Certificate?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust the New Certificate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The manager's actions ---- */

static const struct {
  const char  *name;
  const char  *reason;
  ManagerTool  tool;
} manager_tools[] = {
  { "manager.conflicts", N_("Enter a manager's PIN to review conflicts."), open_conflicts },
  { "manager.dashboard", N_("Enter a manager's PIN to open the sync dashboard."), open_dashboard },
  { "manager.edit-product", N_("Enter a manager's PIN to change prices or stock."), open_edit_product },
  { "manager.products", N_("Enter a manager's PIN to manage products."), open_products },
  { "manager.staff", N_("Enter a manager's PIN to manage staff."), open_staff },
  { "manager.reports", N_("Enter a manager's PIN to see the till's reports."), open_reports },
  { "manager.shop-setup", N_("Enter a manager's PIN to change the shop's details."), open_shop_setup },
  { "manager.export-outbox", N_("Enter a manager's PIN to export unsent changes."), open_export },
  { "manager.import-outbox", N_("Enter a manager's PIN to import another till's changes."),
    open_import },
  { "manager.trust-certificate", N_("Enter a manager's PIN to trust the server's new certificate."),
    confirm_certificate },
};

static void
manager_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  for (guint i = 0; i < G_N_ELEMENTS (manager_tools); i++)
    if (g_str_equal (action_name, manager_tools[i].name))
      with_manager_pin (KASIR_WINDOW (widget), _(manager_tools[i].reason), manager_tools[i].tool);
}

void
_kasir_window_conflicts_arrived (KasirSyncService *service,
                                 guint             n_new,
                                 KasirWindow      *self)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (n_new == 0)
    return;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new conflict for a manager",
                                        "%u new conflicts for a manager", n_new), n_new);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Review"));
  adw_toast_set_action_name (toast, "manager.conflicts");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_kasir_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "till.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "till.shift", NULL, shift_action);
  gtk_widget_class_install_action (widget_class, "till.cash", NULL, cash_action);
  gtk_widget_class_install_action (widget_class, "till.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "till.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "till.void-last", NULL, void_last_action);
  gtk_widget_class_install_action (widget_class, "till.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "till.reports", NULL, reports_action);
  for (guint i = 0; i < G_N_ELEMENTS (manager_tools); i++)
    gtk_widget_class_install_action (widget_class, manager_tools[i].name, NULL, manager_action);
}
