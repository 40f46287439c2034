/* kasir-manager.c — the manager's tools in the main window.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kasir-certificate-trust.h"
#include "kasir-conflict-window.h"
#include "kasir-manager.h"
#include "kasir-money.h"
#include "kasir-outbox-transfer-dialog.h"
#include "kasir-pin-guard.h"
#include "kasir-product-edit-dialog.h"
#include "kasir-sync-dashboard.h"

/* ---- KasirTextRow ---- */

struct _KasirTextRow
{
  GObject  parent_instance;

  gint64   id;
  int      state;
  char   **cells;
  char    *style;
};

G_DEFINE_FINAL_TYPE (KasirTextRow, kasir_text_row, G_TYPE_OBJECT)

static void
kasir_text_row_finalize (GObject *object)
{
  KasirTextRow *self = KASIR_TEXT_ROW (object);

  g_strfreev (self->cells);
  g_free (self->style);

  G_OBJECT_CLASS (kasir_text_row_parent_class)->finalize (object);
}

static void
kasir_text_row_class_init (KasirTextRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_text_row_finalize;
}

static void
kasir_text_row_init (KasirTextRow *self)
{
}

KasirTextRow *
kasir_text_row_new (gint64              id,
                    int                 state,
                    const char * const *cells,
                    const char         *style)
{
  KasirTextRow *self = g_object_new (KASIR_TYPE_TEXT_ROW, NULL);

  self->id = id;
  self->state = state;
  self->cells = g_strdupv ((char **) cells);
  self->style = g_strdup (style);
  return self;
}

gint64
kasir_text_row_get_id (KasirTextRow *self)
{
  g_return_val_if_fail (KASIR_IS_TEXT_ROW (self), 0);
  return self->id;
}

int
kasir_text_row_get_state (KasirTextRow *self)
{
  g_return_val_if_fail (KASIR_IS_TEXT_ROW (self), 0);
  return self->state;
}

const char *
kasir_text_row_get_cell (KasirTextRow *self,
                         guint         column)
{
  g_return_val_if_fail (KASIR_IS_TEXT_ROW (self), "");
  if (self->cells == NULL || column >= g_strv_length (self->cells))
    return "";
  return self->cells[column];
}

const char *
kasir_text_row_get_style (KasirTextRow *self)
{
  g_return_val_if_fail (KASIR_IS_TEXT_ROW (self), NULL);
  return self->style;
}

/* ---- Text columns ---- */

static void
text_cell_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The wide columns carry sentences (why a change was refused, who resolved first):
   * they wrap rather than hide the end. The narrow ones (times, counts) keep their full
   * width; the list scrolls sideways when the window is too narrow. */
  if (g_object_get_data (G_OBJECT (factory), "wrap") != NULL)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }

  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_list_item_set_child (item, label);
}

static void
text_cell_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  KasirTextRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  const char *text = kasir_text_row_get_cell (row, column);
  const char *old = g_object_get_data (G_OBJECT (label), "style");

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, *text != '\0' ? text : NULL);
  if (old != NULL)
    gtk_widget_remove_css_class (label, old);
  g_object_set_data_full (G_OBJECT (label), "style", g_strdup (row->style), g_free);
  if (row->style != NULL)
    gtk_widget_add_css_class (label, row->style);
}

GtkColumnViewColumn *
kasir_manager_add_text_column (GtkColumnView *view,
                               const char    *title,
                               guint          column,
                               gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (factory), "wrap", GINT_TO_POINTER (expand));
  g_signal_connect (factory, "setup", G_CALLBACK (text_cell_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (text_cell_bind), NULL);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (view, col);
  g_object_unref (col);
  return col;
}

char *
kasir_manager_currency (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *code = NULL;

  /* The schema may be missing when a widget is used outside the installed program. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "currency"))
    return g_strdup (KASIR_DEFAULT_CURRENCY);
  settings = g_settings_new (APP_ID);
  code = g_settings_get_string (settings, "currency");
  return g_strdup (kasir_currency_code_or_default (code));
}

char *
kasir_manager_format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (rfc3339 == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (utc == NULL)
    return g_strdup (rfc3339);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* ---- The manager's PIN ---- */

/* One request for a PIN; it outlives its dialogs, because a wrong PIN closes the dialog
 * (message dialogs close on every response) and opens a new one that says why. */
typedef struct
{
  KasirPinGuard           *guard;
  GtkWindow               *parent;
  char                    *reason;
  KasirManagerPinCallback  callback;
  gpointer                 user_data;
  GtkWidget               *entry;
} PinPrompt;

static void pin_prompt_show (PinPrompt  *prompt,
                             const char *problem);

static void
pin_prompt_finish (PinPrompt        *prompt,
                   const KasirStaff *manager)
{
  prompt->callback (manager, prompt->user_data);
  g_clear_object (&prompt->guard);
  g_clear_weak_pointer (&prompt->parent);
  g_free (prompt->reason);
  g_free (prompt);
}

static void
on_pin_verified (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PinPrompt *prompt = user_data;
  g_autoptr(KasirStaff) staff = NULL;
  g_autoptr(GError) error = NULL;

  staff = kasir_pin_guard_verify_finish (KASIR_PIN_GUARD (source), result, &error);
  if (staff == NULL)
    pin_prompt_show (prompt, error->message);
  else if (g_strcmp0 (staff->role, "manager") != 0)
    pin_prompt_show (prompt, _("Only a manager may do this."));
  else
    pin_prompt_finish (prompt, staff);
}

static void
on_pin_response (AdwMessageDialog *dialog,
                 const char       *response,
                 PinPrompt        *prompt)
{
  g_autofree char *pin = NULL;

  if (!g_str_equal (response, "unlock"))
    {
      pin_prompt_finish (prompt, NULL);
      return;
    }
  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (prompt->entry)));
  prompt->entry = NULL;
  kasir_pin_guard_verify_async (prompt->guard, pin, NULL, on_pin_verified, prompt);
  /* The PIN is a secret: leave no copy of it behind. */
  memset (pin, 0, strlen (pin));
}

/* Enter in the PIN field answers "Continue"; destroying (not closing) the dialog keeps
 * it from also answering its close response. */
/* GTK 4.8's password entry warns when it is torn down while it has the focus (its focus
 * handler looks up a parent that is already gone), so the focus leaves it first. */
static gboolean
on_pin_close_request (GtkWindow *dialog)
{
  gtk_window_set_focus (dialog, NULL);
  return FALSE;
}

static void
on_pin_activate (GtkWidget        *entry,
                 AdwMessageDialog *dialog)
{
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  adw_message_dialog_response (dialog, "unlock");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
pin_prompt_show (PinPrompt  *prompt,
                 const char *problem)
{
  GtkWidget *dialog, *box;

  dialog = adw_message_dialog_new (prompt->parent, _("Manager PIN"), prompt->reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unlock", _("_Continue"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unlock",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "unlock");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  prompt->entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (prompt->entry), FALSE);
  g_signal_connect (prompt->entry, "activate", G_CALLBACK (on_pin_activate), dialog);
  gtk_accessible_update_property (GTK_ACCESSIBLE (prompt->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Manager PIN"), -1);
  gtk_widget_set_size_request (prompt->entry, -1, 44);
  gtk_box_append (GTK_BOX (box), prompt->entry);
  if (problem != NULL)
    {
      GtkWidget *message = gtk_label_new (problem);

      gtk_label_set_wrap (GTK_LABEL (message), TRUE);
      gtk_widget_add_css_class (message, "error");
      gtk_box_append (GTK_BOX (box), message);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_signal_connect (dialog, "response", G_CALLBACK (on_pin_response), prompt);
  g_signal_connect (dialog, "close-request", G_CALLBACK (on_pin_close_request), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (prompt->entry);
}

void
kasir_manager_ask_pin (GtkWindow               *parent,
                       KasirDatabase           *db,
                       const char              *reason,
                       KasirManagerPinCallback  callback,
                       gpointer                 user_data)
{
  PinPrompt *prompt = g_new0 (PinPrompt, 1);

  g_return_if_fail (KASIR_IS_DATABASE (db));

  prompt->guard = kasir_pin_guard_new (db);
  g_set_weak_pointer (&prompt->parent, parent);
  prompt->reason = g_strdup (reason);
  prompt->callback = callback;
  prompt->user_data = user_data;
  pin_prompt_show (prompt, NULL);
}

/* ---- The window's actions ---- */

typedef struct
{
  KasirWindow      *window;   /* not owned: this lives as the window's data */
  KasirDatabase    *db;
  KasirSyncService *service;
  GtkWidget        *badge;
  GtkWidget        *badge_label;
  GtkWidget        *menu;
  GtkWindow        *conflicts;
  GtkWindow        *dashboard;
} Manager;

typedef void (*ManagerTool) (Manager          *manager,
                             const KasirStaff *staff);

/* The manager is looked up again when the PIN is answered: the window may have been
 * closed, or the tools installed again, while the prompt was open. */
typedef struct
{
  GtkWidget   *window;   /* weak */
  ManagerTool  tool;
} PinRequest;

static void
manager_free (gpointer data)
{
  Manager *manager = data;

  if (manager->service != NULL)
    g_signal_handlers_disconnect_by_data (manager->service, manager);
  if (manager->badge != NULL)
    {
      GtkWidget *parent = gtk_widget_get_parent (manager->badge);
      GtkWidget *badge = manager->badge;

      g_clear_weak_pointer (&manager->badge);
      if (parent != NULL && GTK_IS_BOX (parent))
        gtk_box_remove (GTK_BOX (parent), badge);
    }
  if (manager->menu != NULL)
    {
      GtkWidget *parent = gtk_widget_get_parent (manager->menu);
      GtkWidget *menu = manager->menu;

      g_clear_weak_pointer (&manager->menu);
      if (parent != NULL && GTK_IS_BOX (parent))
        gtk_box_remove (GTK_BOX (parent), menu);
    }
  g_clear_weak_pointer (&manager->conflicts);
  g_clear_weak_pointer (&manager->dashboard);
  g_clear_object (&manager->service);
  g_clear_object (&manager->db);
  g_free (manager);
}

static void
on_pin_answered (const KasirStaff *staff,
                 gpointer          user_data)
{
  PinRequest *request = user_data;
  Manager *manager = request->window != NULL
                     ? g_object_get_data (G_OBJECT (request->window), "kasir-manager") : NULL;

  if (staff != NULL && manager != NULL)
    request->tool (manager, staff);
  g_clear_weak_pointer (&request->window);
  g_free (request);
}

static void
with_manager_pin (Manager     *manager,
                  const char  *reason,
                  ManagerTool  tool)
{
  PinRequest *request = g_new0 (PinRequest, 1);

  g_set_weak_pointer (&request->window, GTK_WIDGET (manager->window));
  request->tool = tool;
  kasir_manager_ask_pin (GTK_WINDOW (manager->window), manager->db, reason, on_pin_answered,
                         request);
}

static void
open_conflicts (Manager          *manager,
                const KasirStaff *staff)
{
  if (manager->conflicts != NULL)
    gtk_window_destroy (manager->conflicts);
  manager->conflicts = GTK_WINDOW (kasir_conflict_window_new (GTK_WINDOW (manager->window),
                                                              manager->db, manager->service,
                                                              staff->id));
  g_object_add_weak_pointer (G_OBJECT (manager->conflicts), (gpointer *) &manager->conflicts);
  gtk_window_present (manager->conflicts);
}

static void
open_dashboard (Manager          *manager,
                const KasirStaff *staff)
{
  if (manager->dashboard != NULL)
    {
      gtk_window_present (manager->dashboard);
      return;
    }
  manager->dashboard = GTK_WINDOW (kasir_sync_dashboard_new (GTK_WINDOW (manager->window),
                                                             manager->db, manager->service));
  g_object_add_weak_pointer (G_OBJECT (manager->dashboard), (gpointer *) &manager->dashboard);
  gtk_window_present (manager->dashboard);
}

static void
open_edit_product (Manager          *manager,
                   const KasirStaff *staff)
{
  gtk_window_present (GTK_WINDOW (kasir_product_edit_dialog_new (GTK_WINDOW (manager->window),
                                                                 manager->db, manager->service,
                                                                 staff->id)));
}

static void
open_export (Manager          *manager,
             const KasirStaff *staff)
{
  gtk_window_present (GTK_WINDOW (kasir_outbox_transfer_dialog_new (GTK_WINDOW (manager->window),
                                                                    manager->db,
                                                                    KASIR_OUTBOX_TRANSFER_EXPORT)));
}

static void
open_import (Manager          *manager,
             const KasirStaff *staff)
{
  gtk_window_present (GTK_WINDOW (kasir_outbox_transfer_dialog_new (GTK_WINDOW (manager->window),
                                                                    manager->db,
                                                                    KASIR_OUTBOX_TRANSFER_IMPORT)));
}

static void
conflicts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  with_manager_pin (user_data, _("Enter a manager's PIN to review conflicts."), open_conflicts);
}

static void
dashboard_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  with_manager_pin (user_data, _("Enter a manager's PIN to open the sync dashboard."),
                    open_dashboard);
}

static void
edit_product_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  with_manager_pin (user_data, _("Enter a manager's PIN to change prices or stock."),
                    open_edit_product);
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  with_manager_pin (user_data, _("Enter a manager's PIN to export unsent changes."), open_export);
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  with_manager_pin (user_data, _("Enter a manager's PIN to import another till's changes."),
                    open_import);
}

static const GActionEntry manager_actions[] = {
  { "conflicts", conflicts_action },
  { "dashboard", dashboard_action },
  { "edit-product", edit_product_action },
  { "export-outbox", export_action },
  { "import-outbox", import_action },
};

static void
update_badge (Manager *manager)
{
  gint64 open = manager->service != NULL
                ? kasir_sync_service_get_open_conflict_count (manager->service) : 0;
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, open);
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%" G_GINT64_FORMAT " open conflict",
                                                         "%" G_GINT64_FORMAT " open conflicts",
                                                         open), open);

  if (manager->badge == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (manager->badge_label), count);
  gtk_widget_set_visible (manager->badge, open > 0);
  gtk_widget_set_tooltip_text (manager->badge, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (manager->badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
}

static void
on_conflicts_arrived (KasirSyncService *service,
                      guint             n_new,
                      Manager          *manager)
{
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (n_new == 0)
    return;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new conflict for a manager",
                                        "%u new conflicts for a manager", n_new), n_new);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Review"));
  adw_toast_set_action_name (toast, "manager.conflicts");
  kasir_window_add_toast (manager->window, toast);
}

static void
build_menu (Manager *manager)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();

  g_menu_append (menu, _("Review _Conflicts"), "manager.conflicts");
  g_menu_append (menu, _("Sync _Dashboard"), "manager.dashboard");
  g_menu_append (menu, _("Change a _Product…"), "manager.edit-product");
  g_menu_append (menu, _("_Export Unsent Changes…"), "manager.export-outbox");
  g_menu_append (menu, _("_Import Another Till's Changes…"), "manager.import-outbox");
  g_menu_append (menu, _("_Trust the New Server Certificate…"), "certificate.trust");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Manager"));
  gtk_widget_set_tooltip_text (button, _("Manager's tools (a manager's PIN is asked)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Manager's tools"), -1);
  g_set_weak_pointer (&manager->menu, button);
}

static GtkWidget *
build_badge (Manager *manager)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  manager->badge_label = gtk_label_new ("0");
  gtk_widget_add_css_class (manager->badge_label, "numeric");
  gtk_box_append (GTK_BOX (box), manager->badge_label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "manager.conflicts");
  gtk_widget_add_css_class (button, "warning");
  g_set_weak_pointer (&manager->badge, button);
  return button;
}

void
kasir_manager_install (KasirWindow      *window,
                       KasirDatabase    *db,
                       KasirSyncService *service)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkEventController *shortcuts;
  GtkWidget *end;
  Manager *manager;

  g_return_if_fail (KASIR_IS_WINDOW (window));
  g_return_if_fail (KASIR_IS_DATABASE (db));

  manager = g_new0 (Manager, 1);
  manager->window = window;
  manager->db = g_object_ref (db);
  if (service != NULL)
    manager->service = g_object_ref (service);
  /* Installing again (a new database) replaces the previous manager's state. */
  g_object_set_data_full (G_OBJECT (window), "kasir-manager", manager, manager_free);

  g_action_map_add_action_entries (G_ACTION_MAP (group), manager_actions,
                                   G_N_ELEMENTS (manager_actions), manager);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "manager", G_ACTION_GROUP (group));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                      gtk_named_action_new ("manager.conflicts")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_D, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                      gtk_named_action_new ("manager.dashboard")));
  gtk_widget_add_controller (GTK_WIDGET (window), shortcuts);

  build_menu (manager);
  end = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), KASIR_TYPE_WINDOW, "header_end_area");
  build_badge (manager);
  if (end != NULL && GTK_IS_BOX (end))
    {
      gtk_box_prepend (GTK_BOX (end), manager->menu);
      gtk_box_prepend (GTK_BOX (end), manager->badge);
    }
  if (service != NULL)
    {
      g_signal_connect_swapped (service, "notify::open-conflict-count",
                                G_CALLBACK (update_badge), manager);
      g_signal_connect (service, "conflicts-arrived", G_CALLBACK (on_conflicts_arrived), manager);
      kasir_certificate_trust_install (window, db, service);
    }
  update_badge (manager);
}
