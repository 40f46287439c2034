/* kasir-preferences-window.c — preferences pages built from GSettings keys.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-preferences-window.h"

struct _KasirPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings           *settings;
  AdwActionRow        *server_row;
};

G_DEFINE_FINAL_TYPE (KasirPreferencesWindow, kasir_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  CONNECT_REQUESTED,
  REMOVE_DATA_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *receipt_widths[] = { "58mm", "80mm", "a4", NULL };

static GtkWidget *
entry_row (KasirPreferencesWindow *self,
           const char             *title,
           const char             *key)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_settings_bind (self->settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);

  return row;
}

static GtkWidget *
spin_row (KasirPreferencesWindow *self,
          const char             *title,
          const char             *subtitle,
          const char             *key,
          double                  lower,
          double                  upper)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);

  return row;
}

static GtkWidget *
switch_row (KasirPreferencesWindow *self,
            const char             *title,
            const char             *subtitle,
            const char             *key)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  g_settings_bind (self->settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

  return row;
}

static gboolean
width_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; receipt_widths[i] != NULL; i++)
    if (g_str_equal (nick, receipt_widths[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
width_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (receipt_widths) - 1)
    return NULL;

  return g_variant_new_string (receipt_widths[i]);
}

static void
update_server_row (KasirPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");

  if (g_settings_get_boolean (self->settings, "standalone") || *url == '\0')
    adw_action_row_set_subtitle (self->server_row, _("Not connected: this computer works on its own"));
  else
    adw_action_row_set_subtitle (self->server_row, url);
}

static void
on_connect_clicked (KasirPreferencesWindow *self)
{
  g_signal_emit (self, signals[CONNECT_REQUESTED], 0);
}

static void
on_remove_clicked (KasirPreferencesWindow *self)
{
  g_signal_emit (self, signals[REMOVE_DATA_REQUESTED], 0);
}

static void
build (KasirPreferencesWindow *self)
{
  GtkWidget *page;
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget *button;
  GtkStringList *widths;

  /* Shop and receipts. */
  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Shop"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "emblem-documents-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Prices"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), entry_row (self, _("Currency (ISO code)"), "currency"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (self, _("Prices include tax"),
                                         _("Catalog prices already contain the tax"),
                                         "prices-include-tax"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Receipts"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), entry_row (self, _("Header"), "receipt-header"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), entry_row (self, _("Footer"), "receipt-footer"));
  widths = gtk_string_list_new (NULL);
  gtk_string_list_append (widths, _("58 mm roll"));
  gtk_string_list_append (widths, _("80 mm roll"));
  gtk_string_list_append (widths, _("A4 sheet"));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Paper"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (widths));
  g_object_unref (widths);
  g_settings_bind_with_mapping (self->settings, "receipt-width", row, "selected",
                                G_SETTINGS_BIND_DEFAULT, width_get_mapping, width_set_mapping,
                                NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));

  /* Server and sync. */
  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Sync"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "emblem-synchronizing-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Server"));
  self->server_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->server_row), _("Sync server"));
  button = gtk_button_new_with_mnemonic (_("_Connect…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Enroll this terminal with a server (again)"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_connect_clicked), self);
  adw_action_row_add_suffix (self->server_row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->server_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), entry_row (self, _("Terminal name"), "terminal-name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (self, _("Work on its own"),
                                         _("Never try to reach a server; takes effect at the next start"), "standalone"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Timing"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (self, _("Sync interval"), _("Seconds between syncs"),
                                       "sync-interval", 5, 3600));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (self, _("Heartbeat interval"),
                                       _("Seconds between checks that the server answers"),
                                       "heartbeat-interval", 5, 600));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (self, _("Offline warning"),
                                       _("Hours offline before a stronger warning"),
                                       "offline-warning-hours", 1, 720));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));

  /* Security. */
  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Security"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "system-lock-screen-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Lock"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (self, _("Lock after"),
                                       _("Minutes without input; 0 never locks by itself"),
                                       "auto-lock-minutes", 0, 240));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Data"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Remove this terminal’s data"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Only possible once every sale has reached the server. The "
                                 "database file is moved aside, not deleted."));
  button = gtk_button_new_with_mnemonic (_("_Remove…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this terminal’s data"), -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_remove_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

static void
kasir_preferences_window_dispose (GObject *object)
{
  KasirPreferencesWindow *self = KASIR_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kasir_preferences_window_parent_class)->dispose (object);
}

static void
kasir_preferences_window_class_init (KasirPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_preferences_window_dispose;

  signals[CONNECT_REQUESTED] =
    g_signal_new ("connect-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE_DATA_REQUESTED] =
    g_signal_new ("remove-data-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kasir_preferences_window_init (KasirPreferencesWindow *self)
{
  self->settings = g_settings_new (APP_ID);
  build (self);
  g_signal_connect_swapped (self->settings, "changed::server-url",
                            G_CALLBACK (update_server_row), self);
  g_signal_connect_swapped (self->settings, "changed::standalone",
                            G_CALLBACK (update_server_row), self);
  update_server_row (self);
}

KasirPreferencesWindow *
kasir_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (KASIR_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
