/* kasir-test-ops.c — what test-ui-ops and test-ui-startup share: one application object,
 * temporary directories, a main loop that runs for a while, a manager to sign in as.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kasir-application.h"
#include "kasir-connection-badge.h"
#include "kasir-lock-screen.h"
#include "kasir-outbox-repository.h"
#include "kasir-pin.h"
#include "kasir-preferences-window.h"
#include "kasir-sales-repository.h"
#include "kasir-shift-dialog.h"
#include "kasir-shift-report.h"
#include "kasir-shift-report-repository.h"
#include "kasir-setup-window.h"
#include "kasir-setup-connect.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-sync-notifier.h"
#include "kasir-terminal-data-repository.h"
#include "kasir-test-network-monitor.h"
#include "kasir-till-session.h"
#include "kasir-window.h"
#include "pin-test-util.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

#include "kasir-test-ops.h"

KasirApplication *application;

KasirApplication *
get_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application != NULL)
    return application;

  application = g_object_new (KASIR_TYPE_APPLICATION,
                              "application-id", APP_ID ".TestUiOps",
                              "resource-base-path", RESOURCE_BASE,
                              "flags", G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  return application;
}

char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kasir-ui-ops-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
spin (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

gint64
add_staff (KasirDatabase *db,
           const char    *name,
           const char    *pin)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash (pin, &error);
  gint64 id;

  g_assert_no_error (error);
  id = kasir_staff_repository_add_local (repo, name, "manager", hash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL &&
      gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0)
    g_object_unref (kasir_test_render (widget, name));
}
