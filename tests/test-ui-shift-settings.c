/* test-ui-shift-settings.c — the shop's shift rules in the real preferences window on a
 * real SQLCipher database (opening the preferences is a manager's: ui-approval): on a
 * standalone till the switch turns "selling needs an open shift" off and on and the shift
 * gate follows; the pay-out limit takes an amount as the shop writes it, an empty one
 * approves none, and a bad or negative one is said at the row and changes nothing; on a
 * connected till both show the outlet's rules and cannot be changed here.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-preferences-window.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-shift-gate.h"
#include "kasir-shift-settings-group.h"
#include "kasir-staff-repository.h"
#include "store-test-util.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

/* The shift group of @window's pages. */
static KasirShiftSettingsGroup *
find_group (GtkWidget *widget)
{
  if (KASIR_IS_SHIFT_SETTINGS_GROUP (widget))
    return KASIR_SHIFT_SETTINGS_GROUP (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KasirShiftSettingsGroup *found = find_group (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gint64
setting (KasirDatabase *db,
         const char    *key,
         gint64         fallback)
{
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_true (kasir_settings_repository_get_int64 (settings, key, fallback, &value, &error));
  g_assert_no_error (error);
  return value;
}

static KasirShiftSettingsGroup *
open_group (KasirTillContext        *context,
            KasirPreferencesWindow **out_window)
{
  KasirPreferencesWindow *prefs = kasir_preferences_window_new (NULL, context);
  KasirShiftSettingsGroup *group;

  gtk_window_present (GTK_WINDOW (prefs));
  kasir_test_settle (50);
  group = find_group (GTK_WIDGET (prefs));
  g_assert_nonnull (group);
  *out_window = prefs;
  return group;
}

static void
test_standalone (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-shift-settings-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirStaffRepository) staff_repo = NULL;
  g_autoptr(KasirStaff) manager = NULL;
  g_autoptr(GSettings) gsettings = g_settings_new (APP_ID);
  g_autofree char *shown = NULL;
  KasirTillContext *context;
  KasirPreferencesWindow *prefs;
  KasirShiftSettingsGroup *group;
  AdwEntryRow *limit;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  staff_repo = kasir_staff_repository_new (db);
  manager = kasir_staff_repository_get (staff_repo, kasir_test_add_staff (db, "Wulan", "manager", "2468"), &error);
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, manager);
  g_settings_set_boolean (gsettings, "standalone", TRUE);

  group = open_group (context, &prefs);
  g_object_unref (kasir_test_render (GTK_WIDGET (prefs), "preferences-shifts.png"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (kasir_shift_settings_group_get_switch (group))));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (kasir_shift_settings_group_get_switch (group)),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* Selling needs a shift until the switch says otherwise; the gate follows at once. */
  g_assert_true (gtk_switch_get_active (kasir_shift_settings_group_get_switch (group)));
  g_assert_true (kasir_shift_gate_required (context));
  gtk_switch_set_active (kasir_shift_settings_group_get_switch (group), FALSE);
  g_assert_cmpint (setting (db, KASIR_SETTING_SHIFT_REQUIRED, 1), ==, 0);
  g_assert_false (kasir_shift_gate_required (context));
  gtk_switch_set_active (kasir_shift_settings_group_get_switch (group), TRUE);
  g_assert_cmpint (setting (db, KASIR_SETTING_SHIFT_REQUIRED, 1), ==, 1);

  /* The limit as the shop writes it. */
  limit = kasir_shift_settings_group_get_limit_row (group);
  gtk_editable_set_text (GTK_EDITABLE (limit), "Rp 50.000");
  g_assert_true (kasir_shift_settings_group_apply_limit (group));
  g_assert_cmpint (setting (db, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, 0), ==, 50000);
  shown = g_strdup (gtk_editable_get_text (GTK_EDITABLE (limit)));
  g_assert_cmpstr (shown, !=, "");

  /* Bad and negative amounts are said at the row and change nothing. */
  gtk_editable_set_text (GTK_EDITABLE (limit), "lima puluh");
  g_assert_false (kasir_shift_settings_group_apply_limit (group));
  g_assert_nonnull (kasir_shift_settings_group_get_problem (group));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (limit), "error"));
  gtk_editable_set_text (GTK_EDITABLE (limit), "-5000");
  g_assert_false (kasir_shift_settings_group_apply_limit (group));
  g_assert_cmpint (setting (db, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, 0), ==, 50000);

  /* Empty: no pay-out needs approval. */
  gtk_editable_set_text (GTK_EDITABLE (limit), "");
  g_assert_true (kasir_shift_settings_group_apply_limit (group));
  g_assert_null (kasir_shift_settings_group_get_problem (group));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (limit), "error"));
  g_assert_cmpint (setting (db, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, 0), ==, -1);
  gtk_window_destroy (GTK_WINDOW (prefs));
  kasir_test_settle (50);

  /* A reopened window shows what was kept. */
  group = open_group (context, &prefs);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kasir_shift_settings_group_get_limit_row (group))), ==, "");
  gtk_window_destroy (GTK_WINDOW (prefs));
  kasir_test_settle (50);

  g_settings_reset (gsettings, "standalone");
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

static void
test_connected (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-shift-settings-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(GSettings) gsettings = g_settings_new (APP_ID);
  KasirTillContext *context;
  KasirPreferencesWindow *prefs;
  KasirShiftSettingsGroup *group;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  settings = kasir_settings_repository_new (db);
  /* The outlet's rules, as a pull brought them. */
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_SHIFT_REQUIRED, 0, &error));
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, 25000, &error));
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, NULL);
  g_settings_set_boolean (gsettings, "standalone", FALSE);

  group = open_group (context, &prefs);
  g_assert_false (gtk_switch_get_active (kasir_shift_settings_group_get_switch (group)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (kasir_shift_settings_group_get_switch (group))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (kasir_shift_settings_group_get_limit_row (group))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kasir_shift_settings_group_get_limit_row (group))), !=, "");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), "server"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  kasir_test_settle (50);

  g_settings_reset (gsettings, "standalone");
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiShiftSettings/standalone", test_standalone);
  g_test_add_func ("/Kasir/UiShiftSettings/connected", test_connected);

  return g_test_run ();
}
