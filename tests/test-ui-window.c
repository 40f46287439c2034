/* test-ui-window.c — the application and its main window.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "kasir-application.h"
#include "kasir-window.h"

/* One registered application for the whole program, as in the real program: a
 * GApplication exports itself on the session bus under its id, and only one object can
 * be exported there. It is not unique, so the test does not depend on who else owns the
 * name. Registering runs startup, which installs the actions and accelerators. */
static KasirApplication *application;

static KasirApplication *
get_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application != NULL)
    return application;

  application = g_object_new (KASIR_TYPE_APPLICATION,
                              "application-id", APP_ID,
                              "flags", G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  return application;
}

static GtkWidget *
template_child (KasirWindow *window,
                const char  *name)
{
  GObject *child;

  child = gtk_widget_get_template_child (GTK_WIDGET (window), KASIR_TYPE_WINDOW, name);
  g_assert_nonnull (child);
  g_assert_true (GTK_IS_WIDGET (child));

  return GTK_WIDGET (child);
}

static void
destroy_window (KasirWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
}

static void
test_window_template (void)
{
  KasirApplication *app = get_application ();
  KasirWindow *window;
  GtkWidget *status_page;
  GtkWidget *menu_button;

  window = kasir_window_new (app, NULL);
  g_assert_true (KASIR_IS_WINDOW (window));
  g_assert_true (gtk_window_get_application (GTK_WINDOW (window)) == GTK_APPLICATION (app));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kasir");

  status_page = template_child (window, "status_page");
  g_assert_true (ADW_IS_STATUS_PAGE (status_page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==, "Kasir");

  g_assert_true (ADW_IS_TOAST_OVERLAY (template_child (window, "toast_overlay")));

  /* The application icon comes from the resources, so it shows without installing. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window))),
                                          APP_ID));

  menu_button = template_child (window, "primary_menu_button");
  g_assert_true (GTK_IS_MENU_BUTTON (menu_button));
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)));

  /* GtkApplication gives every application window the shortcuts window found in the
   * resources; a missing or broken gtk/help-overlay.ui leaves it NULL. */
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))));

  destroy_window (window);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_window_offline_banner (void)
{
  KasirApplication *app = get_application ();
  KasirWindow *window;
  GtkWidget *banner;
  guint notifications = 0;

  window = kasir_window_new (app, NULL);
  g_signal_connect (window, "notify::offline", G_CALLBACK (notify_count_cb), &notifications);

  banner = template_child (window, "offline_banner");
  g_assert_true (GTK_IS_REVEALER (banner));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
  g_assert_false (kasir_window_get_offline (window));

  kasir_window_set_offline (window, TRUE);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
  g_assert_true (kasir_window_get_offline (window));
  g_assert_cmpuint (notifications, ==, 1);

  /* Setting the same value again must not notify: the sync service sets it on every
   * heartbeat. */
  g_object_set (window, "offline", TRUE, NULL);
  g_assert_cmpuint (notifications, ==, 1);

  g_object_set (window, "offline", FALSE, NULL);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
  g_assert_cmpuint (notifications, ==, 2);

  destroy_window (window);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* till.lock and till.preferences ask whoever keeps the lock and runs set-up; the
 * conflict count and the certificate banner follow the window's properties. */
static void
test_window_actions (void)
{
  KasirApplication *app = get_application ();
  KasirWindow *window;
  guint locks = 0, preferences = 0;

  window = kasir_window_new (app, NULL);
  g_signal_connect (window, "lock-requested", G_CALLBACK (count_cb), &locks);
  g_signal_connect (window, "preferences-requested", G_CALLBACK (count_cb), &preferences);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.lock", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.preferences", NULL));
  g_assert_cmpuint (locks, ==, 1);
  g_assert_cmpuint (preferences, ==, 1);

  /* The conflict count shows only when there is one, and says how many. */
  kasir_window_set_open_conflict_count (window, 3);
  g_assert_true (gtk_widget_get_visible (template_child (window, "conflicts_button")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (template_child (window, "conflicts_button")), ==,
                   "3 open conflicts");
  kasir_window_set_open_conflict_count (window, 0);
  g_assert_false (gtk_widget_get_visible (template_child (window, "conflicts_button")));

  /* The certificate banner follows its property. */
  kasir_window_set_certificate_changed (window, TRUE);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (template_child (window, "certificate_banner"))));
  kasir_window_set_certificate_changed (window, FALSE);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (template_child (window, "certificate_banner"))));

  destroy_window (window);
}

static void
test_window_accessible_labels (void)
{
  KasirApplication *app = get_application ();
  KasirWindow *window;
  const char *labelled[] = {
    "primary_menu_button", "connection_badge", "till_menu_button", "lock_button",
    "manager_menu_button", "conflicts_button",
  };

  window = kasir_window_new (app, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labelled); i++)
    {
      GtkWidget *widget = template_child (window, labelled[i]);

      g_test_message ("checking the accessible label of %s", labelled[i]);
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
    }

  destroy_window (window);
}

static void
test_window_size_settings (void)
{
  KasirApplication *app = get_application ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KasirWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 650);

  window = kasir_window_new (app, NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 650);

  /* The binding goes both ways: a new size is saved as it happens. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 800);

  destroy_window (window);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
assert_accel (KasirApplication *app,
              const char       *action,
              const char       *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, accel);
}

static void
test_application_actions (void)
{
  KasirApplication *app = get_application ();
  g_auto(GStrv) help_overlay_accels = NULL;
  const char *actions[] = { "quit", "about", "help", "shortcuts" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), actions[i]));

  assert_accel (app, "app.quit", "<Control>q");
  assert_accel (app, "app.help", "F1");
  assert_accel (app, "app.shortcuts", "<Control>question");

  /* One key, one action: GTK's own binding of Ctrl+? is moved to app.shortcuts. */
  help_overlay_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                               "win.show-help-overlay");
  g_assert_cmpuint (g_strv_length (help_overlay_accels), ==, 0);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static void
test_application_about_and_shortcuts (void)
{
  KasirApplication *app = get_application ();
  KasirWindow *window;
  GtkWindow *about;
  GtkShortcutsWindow *overlay;

  window = kasir_window_new (app, NULL);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_null (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  gtk_window_destroy (about);

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);

  destroy_window (window);
}

static void
test_application_quit_closes_windows (void)
{
  KasirApplication *app = get_application ();
  KasirWindow *window;

  window = kasir_window_new (app, NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UI/Window/template", test_window_template);
  g_test_add_func ("/Kasir/UI/Window/offline-banner", test_window_offline_banner);
  g_test_add_func ("/Kasir/UI/Window/actions", test_window_actions);
  g_test_add_func ("/Kasir/UI/Window/accessible-labels", test_window_accessible_labels);
  g_test_add_func ("/Kasir/UI/Window/size-settings", test_window_size_settings);
  g_test_add_func ("/Kasir/UI/Application/actions", test_application_actions);
  g_test_add_func ("/Kasir/UI/Application/about-and-shortcuts", test_application_about_and_shortcuts);
  g_test_add_func ("/Kasir/UI/Application/quit-closes-windows", test_application_quit_closes_windows);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
