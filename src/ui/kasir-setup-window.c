/* kasir-setup-window.c — enrollment and standalone set-up.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-pin.h"
#include "kasir-setup-window.h"
#include "kasir-staff-repository.h"

struct _KasirSetupWindow
{
  AdwWindow         parent_instance;

  KasirDatabase    *database;
  KasirSyncService *service;
  GSettings        *settings;
  GCancellable     *cancellable;
  KasirSetupMode    mode;
  gboolean          waiting_sync;
  gboolean          synced;

  GtkStack         *stack;
  AdwEntryRow      *url_row;
  AdwPasswordEntryRow *code_row;
  AdwEntryRow      *name_row;
  GtkLabel         *connect_error;
  GtkButton        *connect_button;
  GtkProgressBar   *progress;
  GtkLabel         *sync_status;
  GtkWidget        *fingerprint_box;
  GtkLabel         *fingerprint;
  GtkButton        *retry_button;
  GtkButton        *continue_button;
  AdwEntryRow      *manager_name_row;
  AdwPasswordEntryRow *pin_row;
  AdwPasswordEntryRow *pin_again_row;
  GtkLabel         *manager_error;
};

G_DEFINE_FINAL_TYPE (KasirSetupWindow, kasir_setup_window, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finish (KasirSetupWindow *self)
{
  g_settings_set_boolean (self->settings, "setup-done", TRUE);
  g_signal_emit (self, signals[FINISHED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_label_error (GtkLabel   *label,
                  const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* ---- Standalone ---- */

static void
on_standalone_clicked (KasirSetupWindow *self)
{
  gint64 count = 0;
  g_autoptr(KasirStaffRepository) staff = kasir_staff_repository_new (self->database);

  g_settings_set_boolean (self->settings, "standalone", TRUE);
  if (kasir_staff_repository_count_active (staff, &count, NULL) && count > 0)
    {
      finish (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "manager");
  gtk_widget_grab_focus (GTK_WIDGET (self->manager_name_row));
}

gboolean
kasir_setup_window_create_manager (KasirSetupWindow  *self,
                                   const char        *name,
                                   const char        *pin,
                                   const char        *pin_again,
                                   GError           **error)
{
  g_autoptr(KasirStaffRepository) staff = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), FALSE);

  staff = kasir_staff_repository_new (self->database);
  if (g_strcmp0 (pin, pin_again) != 0)
    {
      g_set_error (&local_error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The two PINs are not the same"));
      goto fail;
    }
  /* Argon2 takes a moment on purpose; this happens once, at set-up. */
  hash = kasir_pin_hash (pin, NULL);
  if (hash == NULL)
    {
      g_set_error (&local_error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A PIN is 4 to 12 digits"));
      goto fail;
    }
  if (kasir_staff_repository_add_local (staff, name, "manager", hash, &local_error) == 0)
    goto fail;

  g_settings_set_boolean (self->settings, "standalone", TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
  finish (self);
  return TRUE;

fail:
  show_label_error (self->manager_error, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
on_create_manager (KasirSetupWindow *self)
{
  kasir_setup_window_create_manager (self,
                                     gtk_editable_get_text (GTK_EDITABLE (self->manager_name_row)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->pin_row)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row)),
                                     NULL);
}

/* ---- Connect ---- */

static void
update_sync_page (KasirSetupWindow *self)
{
  KasirSyncStatus state;
  const char *error;

  if (!self->waiting_sync)
    return;

  state = kasir_sync_service_get_state (self->service);
  error = kasir_sync_service_get_last_error (self->service);

  if (kasir_sync_service_get_last_sync_time (self->service) != NULL &&
      kasir_sync_service_get_idle (self->service))
    {
      self->waiting_sync = FALSE;
      self->synced = TRUE;
      gtk_progress_bar_set_fraction (self->progress, 1.0);
      gtk_label_set_label (self->sync_status, _("This terminal is connected and up to date."));
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->continue_button), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
      return;
    }

  if (error != NULL && *error != '\0' &&
      (state == KASIR_SYNC_STATUS_ATTENTION || state == KASIR_SYNC_STATUS_UNREACHABLE ||
       state == KASIR_SYNC_STATUS_OFFLINE || kasir_sync_service_get_idle (self->service)))
    {
      g_autofree char *text = g_strdup_printf (_("The first sync did not finish: %s"), error);

      gtk_label_set_label (self->sync_status, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->sync_status), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->continue_button), TRUE);
    }
}

static void
on_retry (KasirSetupWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_status), "error");
  gtk_label_set_label (self->sync_status, _("Downloading the catalog, staff and settings…"));
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
  self->waiting_sync = TRUE;
  kasir_sync_service_sync_now (self->service);
}

/* Trust on first use: the person compares what the till pinned with what the server's
 * administrator reads from `kasir-server fingerprint`. */
static void
show_fingerprint (KasirSetupWindow *self)
{
  const char *fingerprint = kasir_sync_service_get_server_fingerprint (self->service);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->fingerprint_box, fingerprint != NULL);
  if (fingerprint == NULL)
    return;
  /* Two lines of 16 pairs: easier to compare than one line of 95 characters. */
  text = g_strdup_printf ("%.47s\n%s", fingerprint, fingerprint + 48);
  gtk_label_set_label (self->fingerprint, text);
}

static void
on_enrolled (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KasirSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kasir_sync_service_enroll_finish (KASIR_SYNC_SERVICE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), TRUE);
      show_label_error (self->connect_error, error->message);
      return;
    }

  g_settings_set_string (self->settings, "server-url",
                         gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  g_settings_set_string (self->settings, "terminal-name",
                         gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  g_settings_set_boolean (self->settings, "standalone", FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  show_fingerprint (self);

  gtk_stack_set_visible_child_name (self->stack, "sync");
  on_retry (self);
}

static void
on_connect (KasirSetupWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      show_label_error (self->connect_error,
                        _("The server address starts with https:// (or http:// for a server "
                          "on this computer)"));
      return;
    }
  if (*code == '\0')
    {
      show_label_error (self->connect_error, _("Enter the enrollment code from the server"));
      return;
    }
  if (*name == '\0')
    {
      show_label_error (self->connect_error, _("Give this terminal a name, such as “Till 1”"));
      return;
    }

  show_label_error (self->connect_error, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), FALSE);
  kasir_sync_service_enroll_async (self->service, url, code, name, self->cancellable,
                                   on_enrolled, g_object_ref (self));
}

void
kasir_setup_window_connect (KasirSetupWindow *self,
                            const char       *server_url,
                            const char       *code,
                            const char       *terminal_name)
{
  g_return_if_fail (KASIR_IS_SETUP_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "connect");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), server_url);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), terminal_name);
  on_connect (self);
}

const char *
kasir_setup_window_get_page (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
kasir_setup_window_get_error (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->connect_error)))
    return gtk_label_get_label (self->connect_error);
  if (gtk_widget_has_css_class (GTK_WIDGET (self->sync_status), "error"))
    return gtk_label_get_label (self->sync_status);

  return NULL;
}

const char *
kasir_setup_window_get_fingerprint_text (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (self->fingerprint_box))
    return NULL;
  return gtk_label_get_label (self->fingerprint);
}

gboolean
kasir_setup_window_get_synced (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), FALSE);

  return self->synced;
}

void
kasir_setup_window_choose_standalone (KasirSetupWindow *self)
{
  g_return_if_fail (KASIR_IS_SETUP_WINDOW (self));

  on_standalone_clicked (self);
}

static void
on_choose_connect (KasirSetupWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "connect");
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

/* ---- Building ---- */

static GtkWidget *
big_button (const char *title,
            const char *subtitle,
            const char *icon)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title_label = gtk_label_new_with_mnemonic (title);
  GtkWidget *subtitle_label = gtk_label_new (subtitle);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle_label), TRUE);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_widget_add_css_class (subtitle_label, "dim-label");
  gtk_box_append (GTK_BOX (text), title_label);
  gtk_box_append (GTK_BOX (text), subtitle_label);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title_label), button);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, subtitle_label, NULL,
                                  -1);
  gtk_widget_add_css_class (button, "card");

  return button;
}

static GtkWidget *
page_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *clamp = adw_clamp_new ();

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 480);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  return clamp;
}

static GtkWidget *
page_inner (GtkWidget *clamp)
{
  return adw_clamp_get_child (ADW_CLAMP (clamp));
}

static GtkLabel *
error_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);

  return GTK_LABEL (label);
}

static GtkWidget *
action_button (const char *label,
               const char *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  if (style != NULL)
    gtk_widget_add_css_class (button, style);

  return button;
}

static void
build_choose_page (KasirSetupWindow *self)
{
  GtkWidget *page = page_box ();
  GtkWidget *box = page_inner (page);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *connect;
  GtkWidget *standalone;

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), APP_ID);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Welcome to Kasir"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("How will this computer be used? You can change this "
                                     "later in Preferences."));
  gtk_widget_add_css_class (status, "compact");
  gtk_box_append (GTK_BOX (box), status);

  connect = big_button (_("_Connect to a sync server"),
                        _("Share the catalog, stock and sales with the shop’s server. Selling "
                          "keeps working when the network is down."),
                        "network-server-symbolic");
  g_signal_connect_swapped (connect, "clicked", G_CALLBACK (on_choose_connect), self);
  gtk_box_append (GTK_BOX (box), connect);

  standalone = big_button (_("Use this computer on its _own"),
                           _("Everything stays on this computer. No server is needed."),
                           "computer-symbolic");
  g_signal_connect_swapped (standalone, "clicked", G_CALLBACK (on_standalone_clicked), self);
  gtk_box_append (GTK_BOX (box), standalone);

  gtk_stack_add_named (self->stack, page, "choose");
}

static void
build_connect_page (KasirSetupWindow *self)
{
  GtkWidget *page = page_box ();
  GtkWidget *box = page_inner (page);
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *name = g_settings_get_string (self->settings, "terminal-name");
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Connect to a Sync Server"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Ask your manager for the server address and a "
                                           "one-time enrollment code for this terminal."));
  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Server address"));
  adw_entry_row_set_input_purpose (self->url_row, GTK_INPUT_PURPOSE_URL);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->url_row));
  self->code_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->code_row), _("Enrollment code"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->code_row));
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Terminal name"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), *name != '\0' ? name : _("Till 1"));
  g_signal_connect_swapped (self->name_row, "entry-activated", G_CALLBACK (on_connect), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));
  gtk_box_append (GTK_BOX (box), group);

  self->connect_error = error_label ();
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->connect_error));

  self->connect_button = GTK_BUTTON (action_button (_("C_onnect"), "suggested-action"));
  g_signal_connect_swapped (self->connect_button, "clicked", G_CALLBACK (on_connect), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->connect_button));

  gtk_stack_add_named (self->stack, page, "connect");
}

static void
build_sync_page (KasirSetupWindow *self)
{
  GtkWidget *page = page_box ();
  GtkWidget *box = page_inner (page);
  GtkWidget *title = gtk_label_new (_("First Sync"));
  GtkWidget *label;

  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (box), title);

  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("First sync progress"), -1);
  g_object_bind_property (self->service, "progress", self->progress, "fraction",
                          G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress));

  self->sync_status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->sync_status, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->sync_status));

  /* Trust on first use: the person compares what the till pinned with what the server's
   * administrator reads from `kasir-server fingerprint`. */
  self->fingerprint_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_visible (self->fingerprint_box, FALSE);
  label = gtk_label_new (_("This till now trusts only the server certificate with this "
                           "fingerprint (SHA-256):"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (self->fingerprint_box), label);
  self->fingerprint = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->fingerprint), "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fingerprint),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Server certificate fingerprint"), -1);
  gtk_box_append (GTK_BOX (self->fingerprint_box), GTK_WIDGET (self->fingerprint));
  label = gtk_label_new (_("Compare it with what “kasir-server fingerprint” prints on the "
                           "server. If they differ, stop and tell whoever runs the server: "
                           "someone may be listening in."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (self->fingerprint_box), label);
  gtk_box_append (GTK_BOX (box), self->fingerprint_box);

  self->retry_button = GTK_BUTTON (action_button (_("_Try Again"), NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (on_retry), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->retry_button));

  self->continue_button = GTK_BUTTON (action_button (_("_Start Selling"), "suggested-action"));
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), FALSE);
  g_signal_connect_swapped (self->continue_button, "clicked", G_CALLBACK (finish), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->continue_button));

  gtk_stack_add_named (self->stack, page, "sync");
}

static void
build_manager_page (KasirSetupWindow *self)
{
  GtkWidget *page = page_box ();
  GtkWidget *box = page_inner (page);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *button;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Create the Manager"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The manager unlocks the till with a PIN of 4 to 12 "
                                           "digits and can add cashiers later."));
  self->manager_name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->manager_name_row), _("Name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->manager_name_row));
  self->pin_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pin_row), _("PIN"));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->pin_row), GTK_INPUT_PURPOSE_PIN);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->pin_row));
  self->pin_again_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pin_again_row), _("PIN again"));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->pin_again_row), GTK_INPUT_PURPOSE_PIN);
  g_signal_connect_swapped (self->pin_again_row, "entry-activated",
                            G_CALLBACK (on_create_manager), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->pin_again_row));
  gtk_box_append (GTK_BOX (box), group);

  self->manager_error = error_label ();
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->manager_error));

  button = action_button (_("C_reate Manager"), "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_create_manager), self);
  gtk_box_append (GTK_BOX (box), button);

  gtk_stack_add_named (self->stack, page, "manager");
}

static void
kasir_setup_window_dispose (GObject *object)
{
  KasirSetupWindow *self = KASIR_SETUP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_object (&self->database);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kasir_setup_window_parent_class)->dispose (object);
}

static void
kasir_setup_window_class_init (KasirSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_setup_window_dispose;

  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_setup_window_init (KasirSetupWindow *self)
{
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
}

KasirSetupWindow *
kasir_setup_window_new (GtkWindow        *parent,
                        KasirDatabase    *database,
                        KasirSyncService *service,
                        KasirSetupMode    mode)
{
  KasirSetupWindow *self;
  GtkWidget *box;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (service), NULL);

  self = g_object_new (KASIR_TYPE_SETUP_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "title", _("Set Up Kasir"),
                       "default-width", 560,
                       "default-height", 620,
                       NULL);
  self->database = g_object_ref (database);
  self->service = g_object_ref (service);
  self->mode = mode;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);

  build_choose_page (self);
  build_connect_page (self);
  build_sync_page (self);
  build_manager_page (self);

  g_signal_connect_swapped (service, "notify", G_CALLBACK (update_sync_page), self);

  switch (mode)
    {
    case KASIR_SETUP_CONNECT:
      on_choose_connect (self);
      break;
    case KASIR_SETUP_MANAGER:
      gtk_stack_set_visible_child_name (self->stack, "manager");
      break;
    case KASIR_SETUP_CHOOSE:
    default:
      gtk_stack_set_visible_child_name (self->stack, "choose");
      break;
    }

  return self;
}
