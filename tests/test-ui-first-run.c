/* test-ui-first-run.c — a first run that never lies: each reason the till cannot start
 * or enroll takes a whole page that says so, with "Try Again", and never a selling
 * screen without a database.
 *
 * The keyring cases need a keyring this test may lock and break: it starts its own
 * D-Bus daemon (no service activation, so no password prompt can appear) and its own
 * gnome-keyring-daemon, apart from the suite's. The disk-full case needs a small file
 * system of its own: the process moves into a mount namespace (as root, or as the owner
 * of a new user namespace) before any thread starts, and mounts a tmpfs there.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libsecret/secret.h>

#include "kasir-application.h"
#include "kasir-database-private.h"
#include "kasir-setup-window.h"
#include "kasir-startup-problem.h"
#include "kasir-sync-client.h"
#include "kasir-sync-state-repository.h"
#include "kasir-till-session.h"
#include "kasir-window.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

#define KEYRING_PASSWORD "kasir-first-run"

static char *private_dir;        /* the bus socket, keyrings, runtime dir */
static GPid bus_pid;
static GPid keyring_pid;
static char *small_disk;         /* a tmpfs of SMALL_DISK_MB, or NULL */
static char *small_disk_problem; /* why there is none */

#define SMALL_DISK_MB 16

/* ---- A private bus and keyring ---- */

static gboolean
bus_has_name (const char *name)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean has = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has);
  return has;
}

static void
start_bus (void)
{
  g_autofree char *config = g_build_filename (private_dir, "bus.conf", NULL);
  g_autofree char *socket = g_build_filename (private_dir, "bus", NULL);
  g_autofree char *address = g_strconcat ("unix:path=", socket, NULL);
  g_autofree char *config_text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "dbus-daemon", "--nofork", NULL, NULL };
  g_autofree char *config_arg = g_strconcat ("--config-file=", config, NULL);

  /* No <servicedir>: nothing is started on demand, so a keyring that wants to ask for a
   * password finds no prompter, as on a till without a desktop session. */
  config_text = g_strdup_printf ("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus "
                                 "Configuration 1.0//EN\" \"http://www.freedesktop.org/standards/"
                                 "dbus/1.0/busconfig.dtd\">\n<busconfig><type>session</type>"
                                 "<listen>unix:path=%s</listen><auth>EXTERNAL</auth>"
                                 "<policy context=\"default\"><allow send_destination=\"*\" "
                                 "eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/>"
                                 "</policy></busconfig>\n", socket);
  g_assert_true (g_file_set_contents (config, config_text, -1, &error));
  g_assert_no_error (error);
  argv[2] = config_arg;
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, &bus_pid, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 200 && !g_file_test (socket, G_FILE_TEST_EXISTS); i++)
    g_usleep (10000);
  g_assert_true (g_file_test (socket, G_FILE_TEST_EXISTS));
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
}

static void
stop_child (GPid *pid)
{
  if (*pid == 0)
    return;
  kill (*pid, SIGTERM);
  waitpid (*pid, NULL, 0);
  g_spawn_close_pid (*pid);
  *pid = 0;
}

/* Starts gnome-keyring with its keyrings in @name under the private directory; "login"
 * is made (or unlocked) with the password. */
static void
start_keyring (const char *name)
{
  g_autofree char *data = g_build_filename (private_dir, name, NULL);
  g_autofree char *runtime = g_build_filename (private_dir, "runtime", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock",
                         "--components=secrets", NULL };
  int in_fd = -1;

  g_assert_cmpint (keyring_pid, ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  env = g_get_environ ();
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv (env, "XDG_RUNTIME_DIR", runtime, TRUE);
  env = g_environ_unsetenv (env, "DISPLAY");
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, env,
                                           G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                           G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                           NULL, NULL, &keyring_pid, &in_fd, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (write (in_fd, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD)), ==,
                   (gssize) strlen (KEYRING_PASSWORD));
  close (in_fd);
  for (int i = 0; i < 300 && !bus_has_name ("org.freedesktop.secrets"); i++)
    g_usleep (10000);
  g_assert_true (bus_has_name ("org.freedesktop.secrets"));
  /* libsecret keeps one service (and its session) per process: a new daemon needs a
   * new one. */
  secret_service_disconnect ();
}

static void
stop_keyring (void)
{
  stop_child (&keyring_pid);
  for (int i = 0; i < 300 && bus_has_name ("org.freedesktop.secrets"); i++)
    g_usleep (10000);
  secret_service_disconnect ();
}

static SecretCollection *
default_collection (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  SecretCollection *collection;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  return collection;
}

static void
lock_keyring (void)
{
  g_autoptr(SecretCollection) collection = default_collection ();
  g_autoptr(GList) locked = NULL;
  g_autoptr(GError) error = NULL;
  GList objects = { collection, NULL, NULL };

  secret_service_lock_sync (NULL, &objects, NULL, &locked, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kasir_key_store_probe (NULL), ==, KASIR_KEYRING_LOCKED);
}

static void
delete_keyring (void)
{
  g_autoptr(SecretCollection) collection = default_collection ();
  g_autoptr(GError) error = NULL;

  g_assert_true (secret_collection_delete_sync (collection, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kasir_key_store_probe (NULL), ==, KASIR_KEYRING_NO_COLLECTION);
}

/* ---- A small disk ---- */

static gboolean
write_file (const char *path,
            const char *text)
{
  return g_file_set_contents (path, text, -1, NULL);
}

/* Before any thread: a mount namespace of this process alone, and a tmpfs in it. */
static void
make_small_disk (void)
{
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "kasir-small-disk-XXXXXX", NULL);
  g_autofree char *options = g_strdup_printf ("size=%dm,mode=0700", SMALL_DISK_MB);
  uid_t uid = geteuid ();
  gid_t gid = getegid ();

  if (g_mkdtemp (dir) == NULL)
    {
      small_disk_problem = g_strdup_printf ("mkdtemp: %s", g_strerror (errno));
      return;
    }
  if (unshare (CLONE_NEWNS) != 0)
    {
      g_autofree char *map = g_strdup_printf ("0 %u 1", (guint) uid);
      g_autofree char *gmap = g_strdup_printf ("0 %u 1", (guint) gid);

      /* Not root: a user namespace of our own brings the right to mount in it. */
      if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0 ||
          !write_file ("/proc/self/uid_map", map) ||
          !write_file ("/proc/self/setgroups", "deny") ||
          !write_file ("/proc/self/gid_map", gmap))
        {
          small_disk_problem = g_strdup_printf ("no mount namespace could be made (%s)",
                                                g_strerror (errno));
          return;
        }
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, options) != 0)
    {
      small_disk_problem = g_strdup_printf ("a tmpfs could not be mounted on %s (%s)", dir,
                                            g_strerror (errno));
      return;
    }
  small_disk = g_steal_pointer (&dir);
}

/* Writes a file until the disk is full; returns its path. */
static char *
fill_disk (const char *dir)
{
  char *path = g_build_filename (dir, "filler", NULL);
  static char block[64 * 1024];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
  return path;
}

/* ---- The till ---- */

typedef struct
{
  char             *dir;
  char             *path;
  KasirApplication *app;
  KasirTillContext *context;
  KasirWindow      *window;
  KasirTillSession *session;
} Till;

static KasirApplication *
new_application (void)
{
  static guint count;
  g_autofree char *id = g_strdup_printf (APP_ID ".TestUiFirstRun%u", ++count);
  KasirApplication *app = g_object_new (KASIR_TYPE_APPLICATION,
                                        "application-id", id,
                                        "resource-base-path", RESOURCE_BASE,
                                        "flags", G_APPLICATION_NON_UNIQUE,
                                        NULL);
  g_autoptr(GError) error = NULL;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static void
till_start (Till       *till,
            const char *dir)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* A standalone till with its set-up done asks nothing once the database is open. */
  g_settings_set_boolean (settings, "standalone", TRUE);
  g_settings_set_boolean (settings, "setup-done", TRUE);
  till->dir = g_strdup (dir);
  till->path = g_build_filename (dir, "kasir", "kasir.db", NULL);
  till->app = new_application ();
  till->context = kasir_till_context_new (NULL);
  till->window = kasir_window_new (till->app, till->context);
  till->session = kasir_till_session_new (till->window, till->path);
  gtk_window_present (GTK_WINDOW (till->window));
  kasir_till_session_start (till->session);
}

static gboolean
problem_shown (gpointer data)
{
  Till *till = data;

  return kasir_window_get_startup_problem (till->window) != KASIR_STARTUP_OK &&
         !kasir_startup_page_get_trying (kasir_window_get_startup_page (till->window));
}

static gboolean
database_open (gpointer data)
{
  Till *till = data;

  return kasir_till_session_get_database (till->session) != NULL;
}

/* The till's menu, the lock and the Manager menu are in the header only with the
 * selling view: without a database no manager (or till) action has anything to do. */
static void
assert_header (Till     *till,
               gboolean  selling)
{
  const char *names[] = { "till_menu_button", "lock_button", "manager_menu_button" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *w = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (till->window),
                                                                KASIR_TYPE_WINDOW, names[i]));

      g_test_message ("%s visible: %d", names[i], gtk_widget_get_visible (w));
      g_assert_nonnull (w);
      g_assert_cmpint (gtk_widget_get_visible (w), ==, selling);
    }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (till->window),
                                                                                    KASIR_TYPE_WINDOW,
                                                                                    "primary_menu_button"))));
}

/* "Try Again" is the page's main action: a suggested pill, ready and focused. */
static void
assert_retry_is_main_action (KasirStartupPage *page)
{
  GtkWidget *retry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), KASIR_TYPE_STARTUP_PAGE,
                                                                "retry_button"));

  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_has_css_class (retry, "suggested-action"));
  g_assert_true (gtk_widget_has_css_class (retry, "pill"));
  g_assert_true (gtk_widget_get_sensitive (retry));
  g_assert_true (gtk_widget_is_sensitive (retry));
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (retry)) == retry);
}

/* Waits for the page and checks what a person sees: the page says the problem, the
 * window has no database and no selling view, and no "Standalone" claims a till. */
static void
expect_problem (Till                *till,
                KasirStartupProblem  expected,
                const char          *screenshot)
{
  KasirStartupPage *page = kasir_window_get_startup_page (till->window);
  GtkStack *stack;

  g_assert_true (sync_test_wait_for (problem_shown, till, 30));
  g_test_message ("%s: %s", kasir_startup_problem_get_id (expected),
                  kasir_startup_page_get_title (page));
  g_assert_cmpstr (kasir_startup_problem_get_id (kasir_window_get_startup_problem (till->window)), ==,
                   kasir_startup_problem_get_id (expected));
  g_assert_cmpstr (kasir_startup_page_get_title (page), ==, kasir_startup_problem_get_title (expected));
  g_assert_nonnull (strstr (kasir_startup_page_get_description (page), "Try Again"));
  g_assert_null (kasir_till_session_get_database (till->session));
  g_assert_null (kasir_window_get_database (till->window));
  stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (page)));
  g_assert_true (gtk_stack_get_visible_child (stack) == GTK_WIDGET (page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kasir_window_get_selling_view (till->window))) &&
                  gtk_widget_get_child_visible (GTK_WIDGET (kasir_window_get_selling_view (till->window))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kasir_window_get_connection_badge (till->window))));
  assert_header (till, FALSE);
  assert_retry_is_main_action (page);
  g_object_unref (kasir_test_render (GTK_WIDGET (till->window), screenshot));
}

static void
retry (Till *till)
{
  kasir_startup_page_retry (kasir_window_get_startup_page (till->window));
}

static void
expect_open (Till *till)
{
  g_assert_true (sync_test_wait_for (database_open, till, 30));
  g_assert_cmpint (kasir_window_get_startup_problem (till->window), ==, KASIR_STARTUP_OK);
  g_assert_true (kasir_window_get_database (till->window) ==
                 kasir_till_session_get_database (till->session));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kasir_window_get_connection_badge (till->window))));
  assert_header (till, TRUE);
}

static int
count_moved_aside (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  int n = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (strstr (name, ".unreadable-") != NULL)
      n++;
  return n;
}

static void
till_stop (Till *till)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), 0);

      gtk_window_destroy (toplevel);
    }
  g_clear_object (&till->session);
  g_assert_true (kasir_till_context_shutdown (till->context, 10000));
  g_clear_object (&till->context);
  g_clear_object (&till->app);
  g_clear_pointer (&till->path, g_free);
  g_clear_pointer (&till->dir, g_free);
  g_settings_reset (settings, "standalone");
  g_settings_reset (settings, "setup-done");
}

/* A database made earlier, with its key in the keyring. */
static void
make_database (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  db = kasir_database_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
}

/* ---- The cases ---- */

/* libsecret keeps one service per process, and a keyring daemon restarted under it
 * leaves its proxies talking to the new one: each case runs in a process of its own,
 * with its own bus, keyring and small disk. */
#define IN_OWN_PROCESS(dir)                                                           \
  G_STMT_START {                                                                     \
    if (!g_test_subprocess ())                                                       \
      {                                                                              \
        g_test_trap_subprocess (NULL, 200 * G_USEC_PER_SEC,                          \
                                G_TEST_SUBPROCESS_INHERIT_STDERR);                   \
        g_test_trap_assert_passed ();                                                \
        if ((dir) != NULL)                                                           \
          g_rmdir (dir);                                                             \
        return;                                                                      \
      }                                                                              \
  } G_STMT_END

/* The login keyring is locked at start: the page says so and the database stays where
 * it is (a locked keyring answers a lookup with nothing, which must not read as "no
 * key"); unlocked, "Try Again" opens that very database. */
static void
test_keyring_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-first-run-XXXXXX", &error);
  Till till = { 0 };

  IN_OWN_PROCESS (dir);

  g_assert_no_error (error);
  start_keyring ("keyring-locked");
  till.path = g_build_filename (dir, "kasir", "kasir.db", NULL);
  make_database (till.path);
  g_clear_pointer (&till.path, g_free);
  lock_keyring ();

  till_start (&till, dir);
  expect_problem (&till, KASIR_STARTUP_KEYRING_LOCKED, "first-run-keyring-locked.png");
  g_assert_true (g_file_test (till.path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_moved_aside (till.path), ==, 0);

  /* Still locked: the same page again, nothing moved. */
  retry (&till);
  expect_problem (&till, KASIR_STARTUP_KEYRING_LOCKED, "first-run-keyring-locked.png");
  g_assert_cmpint (count_moved_aside (till.path), ==, 0);

  /* The person logs in again: the keyring is unlocked with the password. */
  stop_keyring ();
  start_keyring ("keyring-locked");
  retry (&till);
  expect_open (&till);
  g_assert_cmpint (count_moved_aside (till.path), ==, 0);

  till_stop (&till);
  stop_keyring ();
  sync_test_remove_tree (dir);
}

/* No keyring service at all, then one without a login keyring: each is "no keyring",
 * and no database file is made that nobody could open. With a keyring, the till opens. */
static void
test_keyring_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-first-run-XXXXXX", &error);
  Till till = { 0 };

  IN_OWN_PROCESS (dir);

  g_assert_no_error (error);
  g_assert_cmpint (keyring_pid, ==, 0);
  g_assert_cmpint (kasir_key_store_probe (NULL), ==, KASIR_KEYRING_NO_SERVICE);
  till_start (&till, dir);
  expect_problem (&till, KASIR_STARTUP_KEYRING_MISSING, "first-run-no-keyring.png");
  g_assert_false (g_file_test (till.path, G_FILE_TEST_EXISTS));

  start_keyring ("keyring-missing");
  delete_keyring ();
  retry (&till);
  expect_problem (&till, KASIR_STARTUP_KEYRING_MISSING, "first-run-no-keyring.png");
  g_assert_false (g_file_test (till.path, G_FILE_TEST_EXISTS));

  stop_keyring ();
  start_keyring ("keyring-missing-new");
  retry (&till);
  expect_open (&till);

  till_stop (&till);
  stop_keyring ();
  sync_test_remove_tree (dir);
}

/* A full disk: its own page before anything is written; with room made, it opens. */
static void
test_disk_full (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *filler = NULL;
  Till till = { 0 };

  IN_OWN_PROCESS (dir);

  if (small_disk == NULL)
    {
      g_test_fail_printf ("no small disk for this case: %s", small_disk_problem);
      return;
    }
  start_keyring ("disk-full");
  dir = g_build_filename (small_disk, "till", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  filler = fill_disk (small_disk);

  till_start (&till, dir);
  expect_problem (&till, KASIR_STARTUP_DISK_FULL, "first-run-disk-full.png");
  g_assert_false (g_file_test (till.path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_unlink (filler), ==, 0);
  retry (&till);
  expect_open (&till);

  till_stop (&till);
  stop_keyring ();
  sync_test_remove_tree (dir);
}

/* A database from a newer Kasir is left as it is, every time it is tried. */
static void
test_database_too_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-first-run-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kasir", "kasir.db", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d",
                                          kasir_database_get_latest_version () + 3);
  Till till = { 0 };

  IN_OWN_PROCESS (dir);

  g_assert_no_error (error);
  start_keyring ("too-new");
  make_database (path);
  {
    g_autoptr(KasirDatabase) db = kasir_database_open (path, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (kasir_database_exec (db, sql, &error));
    g_assert_no_error (error);
  }

  till_start (&till, dir);
  expect_problem (&till, KASIR_STARTUP_DATABASE_TOO_NEW, "first-run-too-new.png");
  retry (&till);
  expect_problem (&till, KASIR_STARTUP_DATABASE_TOO_NEW, "first-run-too-new.png");
  g_assert_true (g_file_test (till.path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_moved_aside (till.path), ==, 0);

  till_stop (&till);
  stop_keyring ();
  sync_test_remove_tree (dir);
}

/* ---- Enrollment ---- */

static gboolean
setup_problem_shown (gpointer data)
{
  KasirSetupWindow *setup = data;

  return g_strcmp0 (kasir_setup_window_get_page (setup), "problem") == 0 &&
         !kasir_startup_page_get_trying (kasir_setup_window_get_problem_page (setup));
}

static void
expect_setup_problem (KasirSetupWindow    *setup,
                      KasirStartupProblem  expected,
                      const char          *screenshot)
{
  KasirStartupPage *page = kasir_setup_window_get_problem_page (setup);

  g_assert_true (sync_test_wait_for (setup_problem_shown, setup, 30));
  g_test_message ("%s: %s — %s", kasir_startup_problem_get_id (expected),
                  kasir_startup_page_get_title (page), kasir_setup_window_get_error (setup));
  g_assert_cmpstr (kasir_startup_problem_get_id (kasir_startup_page_get_problem (page)), ==,
                   kasir_startup_problem_get_id (expected));
  g_assert_nonnull (kasir_setup_window_get_error (setup));
  g_object_unref (kasir_test_render (GTK_WIDGET (setup), screenshot));
}

static gint64
stored_outlet (KasirDatabase *db)
{
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (db);
  g_autoptr(KasirSyncState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = kasir_sync_state_repository_load (repo, &error);
  g_assert_no_error (error);
  return state->outlet_id;
}

/* The server does not answer, a code is spent, a code is for another outlet: each has
 * its own page; "Try Again" asks the server again or goes back for a new code. */
static void
test_enrollment_problems (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-first-run-XXXXXX", &error);
  SyncTestServer *server = NULL;
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(KasirSetupWindow) setup = NULL;
  g_autofree char *code = NULL;
  g_autofree char *closed_url = NULL;

  IN_OWN_PROCESS (dir);

  g_assert_no_error (error);
  start_keyring ("enroll");
  server = sync_test_server_new ();
  sync_test_server_start (server, 0);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);
  g_object_set (service, "heartbeat-interval", 1, "sync-interval", 2, "request-timeout", 3, NULL);
  setup = g_object_ref_sink (kasir_setup_window_new (NULL, kasir_test_context (db, service, NULL),
                                                     KASIR_SETUP_CONNECT));
  gtk_window_present (GTK_WINDOW (setup));

  /* Nothing listens at the address: unreachable, and again after "Try Again". */
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_no_error (error);
    g_assert_true (g_socket_bind (socket, any, TRUE, &error));
    g_assert_no_error (error);
    bound = g_socket_get_local_address (socket, &error);
    g_assert_no_error (error);
    /* Bound and never listening: connections to it are refused. */
    closed_url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    code = sync_test_server_enroll_code (server, 1);
    kasir_setup_window_connect (setup, closed_url, code, "Till 1");
    expect_setup_problem (setup, KASIR_STARTUP_SERVER_UNREACHABLE, "first-run-unreachable.png");
    kasir_startup_page_retry (kasir_setup_window_get_problem_page (setup));
    expect_setup_problem (setup, KASIR_STARTUP_SERVER_UNREACHABLE, "first-run-unreachable.png");
    g_assert_cmpint (stored_outlet (db), ==, 0);
  }

  /* The code is spent by another till first: refused; "Try Again" asks for a new one. */
  {
    g_autoptr(KasirDatabase) other_db = sync_test_terminal_db (dir, "other.db", NULL);
    g_autoptr(KasirSyncService) other = kasir_sync_service_new (other_db, G_NETWORK_MONITOR (monitor), &error);

    g_assert_no_error (error);
    sync_test_enroll_with_code (other, server->url, code);
    kasir_sync_service_shutdown (other);
  }
  kasir_setup_window_connect (setup, server->url, code, "Till 1");
  expect_setup_problem (setup, KASIR_STARTUP_CODE_REFUSED, "first-run-code-refused.png");
  kasir_startup_page_retry (kasir_setup_window_get_problem_page (setup));
  g_assert_cmpstr (kasir_setup_window_get_page (setup), ==, "connect");
  g_assert_cmpint (stored_outlet (db), ==, 0);

  /* Enrolled in outlet 1, a code of outlet 2 is refused and the till stays outlet 1's. */
  g_clear_pointer (&code, g_free);
  code = sync_test_server_enroll_code (server, 1);
  sync_test_enroll_with_code (service, server->url, code);
  g_assert_cmpint (stored_outlet (db), ==, 1);
  g_clear_pointer (&code, g_free);
  code = sync_test_server_enroll_code (server, 2);
  kasir_setup_window_connect (setup, server->url, code, "Till 1");
  expect_setup_problem (setup, KASIR_STARTUP_WRONG_OUTLET, "first-run-wrong-outlet.png");
  g_assert_cmpint (stored_outlet (db), ==, 1);

  gtk_window_destroy (GTK_WINDOW (setup));
  kasir_sync_service_shutdown (service);
  sync_test_server_free (server);
  stop_keyring ();
  sync_test_remove_tree (dir);
}

/* What each failure reads as, without a display or a keyring: every problem has its own
 * name, title and a description that ends in what to do; the errors map as they should. */
static void
test_problem_texts (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  struct { GQuark domain; int code; KasirKeyringState keyring; KasirStartupProblem expected; } db_cases[] = {
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING, KASIR_KEYRING_LOCKED, KASIR_STARTUP_KEYRING_LOCKED },
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING, KASIR_KEYRING_NO_SERVICE, KASIR_STARTUP_KEYRING_MISSING },
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING, KASIR_KEYRING_NO_COLLECTION, KASIR_STARTUP_KEYRING_MISSING },
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING, KASIR_KEYRING_REFUSED, KASIR_STARTUP_KEYRING_REFUSED },
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING, KASIR_KEYRING_USABLE, KASIR_STARTUP_KEYRING_REFUSED },
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_DISK_FULL, KASIR_KEYRING_USABLE, KASIR_STARTUP_DISK_FULL },
    { G_IO_ERROR, G_IO_ERROR_NO_SPACE, KASIR_KEYRING_USABLE, KASIR_STARTUP_DISK_FULL },
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_TOO_NEW, KASIR_KEYRING_USABLE, KASIR_STARTUP_DATABASE_TOO_NEW },
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_MIGRATION, KASIR_KEYRING_USABLE, KASIR_STARTUP_DATABASE_FAILED },
    { G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, KASIR_KEYRING_USABLE, KASIR_STARTUP_DATABASE_FAILED },
  };
  struct { GQuark domain; int code; KasirStartupProblem expected; } enroll_cases[] = {
    { KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TRANSPORT, KASIR_STARTUP_SERVER_UNREACHABLE },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, KASIR_STARTUP_SERVER_UNREACHABLE },
    { KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_UNAUTHORIZED, KASIR_STARTUP_CODE_REFUSED },
    { KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_WRONG_OUTLET, KASIR_STARTUP_WRONG_OUTLET },
    { KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_UNAVAILABLE, KASIR_STARTUP_SERVER_REFUSED },
    { KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL, KASIR_STARTUP_OK },
    { KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_DISK_FULL, KASIR_STARTUP_DISK_FULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (db_cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (db_cases[i].domain, db_cases[i].code, "x");

      g_assert_cmpint (kasir_startup_problem_for_database_error (error, db_cases[i].keyring), ==,
                       db_cases[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (enroll_cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (enroll_cases[i].domain, enroll_cases[i].code, "x");

      g_assert_cmpint (kasir_startup_problem_for_enroll_error (error), ==, enroll_cases[i].expected);
    }

  for (KasirStartupProblem p = KASIR_STARTUP_KEYRING_LOCKED; p <= KASIR_STARTUP_SERVER_REFUSED; p++)
    {
      const char *id = kasir_startup_problem_get_id (p);

      g_assert_nonnull (id);
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, (gpointer) id);
      g_assert_nonnull (kasir_startup_problem_get_title (p));
      g_assert_nonnull (kasir_startup_problem_get_icon_name (p));
      g_assert_nonnull (strstr (kasir_startup_problem_get_description (p), "\n\n"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before any thread exists: a mount namespace belongs to the thread that makes it. */
  make_small_disk ();
  private_dir = g_dir_make_tmp ("kasir-first-run-bus-XXXXXX", &error);
  g_assert_no_error (error);
  start_bus ();

  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/FirstRun/problem-texts", test_problem_texts);
  g_test_add_func ("/Kasir/FirstRun/keyring-missing", test_keyring_missing);
  g_test_add_func ("/Kasir/FirstRun/keyring-locked", test_keyring_locked);
  g_test_add_func ("/Kasir/FirstRun/disk-full", test_disk_full);
  g_test_add_func ("/Kasir/FirstRun/database-too-new", test_database_too_new);
  g_test_add_func ("/Kasir/FirstRun/enrollment", test_enrollment_problems);

  status = g_test_run ();

  stop_child (&keyring_pid);
  stop_child (&bus_pid);
  if (small_disk != NULL)
    {
      umount2 (small_disk, MNT_DETACH);
      g_rmdir (small_disk);
    }
  sync_test_remove_tree (private_dir);
  return status;
}
