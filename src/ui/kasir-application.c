/* kasir-application.c — the Kasir desktop application.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-application.h"
#include "kasir-help.h"
#include "kasir-shortcuts.h"
#include "kasir-till-context.h"
#include "kasir-till-session.h"
#include "kasir-window.h"

struct _KasirApplication
{
  AdwApplication    parent_instance;

  KasirTillContext *context;
};

G_DEFINE_FINAL_TYPE (KasirApplication, kasir_application, ADW_TYPE_APPLICATION)

/* How long quitting waits for work in flight (a sync round trip, a keyring call) to
 * finish; it is cancelled first, so this is only a bound for a stuck call. */
#define SHUTDOWN_TIMEOUT_MS 10000

static GtkWindow *
get_active_window (KasirApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
kasir_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  KasirApplication *self = user_data;
  GList *windows;

  /* Closing the windows first lets each of them save its state (size, and later an
   * open shift) through its own close handler before the main loop stops. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      gtk_window_destroy (windows->data);
      windows = gtk_application_get_windows (GTK_APPLICATION (self));
    }

  g_application_quit (G_APPLICATION (self));
}

static void
kasir_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  KasirApplication *self = user_data;
  static const char *developers[] = { "The Kasir authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_active_window (self),
                        "application-name", _("Kasir"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Kasir authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/kasirpos/kasir",
                        "issue-url", "https://github.com/kasirpos/kasir/issues",
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "copyright", _("© 2026 The Kasir authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
kasir_application_help_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  KasirApplication *self = user_data;
  GtkWindow *window = get_active_window (self);
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autofree char *page = NULL;
  g_autofree char *uri = NULL;

  /* The screen in front may be a dialog that is not one of the application's windows. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_is_active (toplevel))
        window = toplevel;
    }

  /* F1 and the Help menu open the page of the screen in front (kasir-help.c); the help
   * is installed by help/meson.build under the text domain's name. */
  page = window != NULL ? kasir_help_page_for_window (window) : g_strdup ("index");
  uri = g_strdup_printf ("help:%s/%s", GETTEXT_PACKAGE, page);
  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

/* Opens one page of the help (and a section of it after '#'), such as
 * "troubleshooting#keyring-locked". Page ids are the help's own file names. */
static void
kasir_application_help_page_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  KasirApplication *self = user_data;
  const char *page = g_variant_get_string (parameter, NULL);
  g_autofree char *uri = NULL;

  for (const char *p = page; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '#')
      {
        g_warning ("Not a help page: “%s”", page);
        return;
      }
  uri = g_strdup_printf ("help:%s/%s", GETTEXT_PACKAGE, page);
  gtk_show_uri (get_active_window (self), uri, GDK_CURRENT_TIME);
}

static void
kasir_application_shortcuts_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  KasirApplication *self = user_data;
  GtkWindow *window = get_active_window (self);
  GtkShortcutsWindow *overlay;

  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;

  /* GtkApplication loads gtk/help-overlay.ui from the resource base path and gives it
   * to every application window; this action only shows it. */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  if (overlay != NULL)
    gtk_window_present (GTK_WINDOW (overlay));
}

static void
kasir_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  KasirApplication *self = user_data;
  GtkWindow *window = get_active_window (self);

  if (KASIR_IS_WINDOW (window))
    gtk_widget_activate_action (GTK_WIDGET (window), "till.preferences", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", kasir_application_quit_action },
  { "about", kasir_application_about_action },
  { "help", kasir_application_help_action },
  { "help-page", kasir_application_help_page_action, "s" },
  { "shortcuts", kasir_application_shortcuts_action },
  { "preferences", kasir_application_preferences_action },
};

static void
kasir_application_startup (GApplication *application)
{
  static const char *no_accels[] = { NULL };
  KasirApplication *self = KASIR_APPLICATION (application);

  G_APPLICATION_CLASS (kasir_application_parent_class)->startup (application);

  /* One context for the whole run: every window and dialog is given it. */
  self->context = kasir_till_context_new (NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  /* The window's keys come from the one table (kasir-shortcuts.c); as accelerators of
   * the application, the menus show them too. */
  {
    guint n;
    const KasirShortcut *shortcuts = kasir_shortcuts_list (&n);

    for (guint i = 0; i < n; i++)
      {
        const char *accels[] = { shortcuts[i].accel, NULL };

        if (shortcuts[i].scope == KASIR_SHORTCUT_WINDOW)
          gtk_application_set_accels_for_action (GTK_APPLICATION (self), shortcuts[i].action, accels);
      }
  }

  /* GtkApplication binds Ctrl+? to its own win.show-help-overlay; app.shortcuts owns
   * that key so the menu and the shortcut run the same action. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                         "win.show-help-overlay", no_accels);

  /* AdwApplication loads style.css by itself; the till's own widgets bring a second
   * sheet, kept apart so each part of the window styles only what it owns. */
  if (gdk_display_get_default () != NULL)
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/kasir-ops.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
}

static void
kasir_application_activate (GApplication *application)
{
  KasirApplication *self = KASIR_APPLICATION (application);
  GtkWindow *window;

  window = get_active_window (self);
  if (window == NULL)
    {
      g_autofree char *path = kasir_till_session_default_path ();
      g_autoptr(KasirTillSession) session = NULL;

      window = GTK_WINDOW (kasir_window_new (self, self->context));
      /* The session opens the database in a worker thread, so the window shows at once;
       * it locks the till behind the PIN pad until someone signs in. */
      session = kasir_till_session_new (KASIR_WINDOW (window), path);
      kasir_till_session_start (session);
    }

  gtk_window_present (window);
}

static void
kasir_application_shutdown (GApplication *application)
{
  KasirApplication *self = KASIR_APPLICATION (application);
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* The application's windows are gone, but a dialog that is not one of them (set-up,
   * the manager's windows) may still hold the sync service: it goes too. */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }

  /* The sync service's tasks and the session's worker threads still finish on this
   * thread before the process may end. */
  if (self->context != NULL &&
      !kasir_till_context_shutdown (self->context, SHUTDOWN_TIMEOUT_MS))
    g_warning ("Work was still running %u ms after quitting", SHUTDOWN_TIMEOUT_MS);
  g_clear_object (&self->context);

  G_APPLICATION_CLASS (kasir_application_parent_class)->shutdown (application);
}

static int
kasir_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", GETTEXT_PACKAGE, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* A negative value lets the application go on and start as usual. */
  return -1;
}

static void
kasir_application_class_init (KasirApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = kasir_application_handle_local_options;
  app_class->startup = kasir_application_startup;
  app_class->activate = kasir_application_activate;
  app_class->shutdown = kasir_application_shutdown;
}

static void
kasir_application_init (KasirApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "version", 'v',
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Show the version and quit"), NULL);
}

KasirApplication *
kasir_application_new (void)
{
  return g_object_new (KASIR_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
