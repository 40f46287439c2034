/* kasir-till-session.c — start-up, set-up, lock, shifts and sync feedback of a window.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kasir-key-store.h"
#include "kasir-startup-problem.h"
#include "kasir-pin-guard.h"
#include "kasir-approval.h"
#include "kasir-preferences-window.h"
#include "kasir-setup-window.h"
#include "kasir-shop-setup-window.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-sync-notifier.h"
#include "kasir-sync-state-repository.h"
#include "kasir-terminal-data-repository.h"
#include "kasir-till-lock.h"
#include "kasir-till-session.h"

struct _KasirTillSession
{
  GObject            parent_instance;

  KasirWindow       *window;      /* weak */
  KasirTillContext  *context;
  char              *path;
  GSettings         *settings;
  GCancellable      *cancellable;

  KasirDatabase     *database;
  KasirSyncService  *service;
  KasirSyncNotifier *notifier;
  KasirPinGuard     *guard;
  KasirTillLock     *lock;
  GPtrArray         *kept_visible;   /* GtkWindow*, shown before the lock existed */
};

G_DEFINE_FINAL_TYPE (KasirTillSession, kasir_till_session, G_TYPE_OBJECT)

static void on_database_opened (GObject *source, GAsyncResult *result, gpointer user_data);

char *
kasir_till_session_default_path (void)
{
  const char *path = g_getenv ("KASIR_DB_PATH");

  if (path != NULL && *path != '\0')
    return g_strdup (path);

  return g_build_filename (g_get_user_data_dir (), "kasir", "kasir.db", NULL);
}

static GtkWindow *
get_window (KasirTillSession *self)
{
  return self->window != NULL ? GTK_WINDOW (self->window) : NULL;
}

/* Informing dialogs and set-up stay in view over the lock screen. One shown before the
 * lock exists (the database is still opening) is handed to it once it does. */
static void
keep_visible (KasirTillSession *self,
              GtkWindow        *window)
{
  if (self->lock != NULL)
    kasir_till_lock_keep_visible (self->lock, window);
  else
    g_ptr_array_add (self->kept_visible, g_object_ref (window));
}

static void
message (KasirTillSession *self,
         const char       *heading,
         const char       *body)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, body);

  /* A message only informs; it may stay in view over the lock screen. */
  keep_visible (self, GTK_WINDOW (dialog));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Opening the database ---- */

/* Below this much free space the database is not opened: a sale written into a full
 * disk fails at the moment the customer waits, so the till says so before selling. */
#define MIN_FREE_BYTES (1024 * 1024)

typedef struct
{
  char              *path;
  KasirKeyringState  keyring;   /* asked only after a keyring error */
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->path);
  g_free (job);
}

static gboolean
check_free_space (const char  *dir,
                  GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) info = NULL;
  guint64 free_bytes;

  info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  /* A file system that does not tell is given the benefit of the doubt. */
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return TRUE;
  free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  if (free_bytes >= MIN_FREE_BYTES)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("Only %" PRIu64 " bytes are free on the disk that holds %s"),
               free_bytes, dir);
  return FALSE;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autofree char *dir = g_path_get_dirname (job->path);
  GError *error = NULL;
  KasirDatabase *db;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create the folder %s: %s"), dir,
                               g_strerror (saved_errno));
      return;
    }
  if (!check_free_space (dir, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  db = kasir_database_open (job->path, cancellable, &error);
  if (db != NULL)
    {
      g_task_return_pointer (task, db, g_object_unref);
      return;
    }
  /* Locked, missing or refusing: each asks something else of the person. */
  if (g_error_matches (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING))
    job->keyring = kasir_key_store_probe (cancellable);
  g_task_return_error (task, error);
}

static void
open_database (KasirTillSession *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_database_opened, NULL);
  OpenJob *job = g_new0 (OpenJob, 1);

  job->path = g_strdup (self->path);
  job->keyring = KASIR_KEYRING_USABLE;
  g_task_set_source_tag (task, open_database);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  /* Quitting waits for the database to be open (or not) before the process ends. */
  kasir_till_context_hold_work (self->context);
  g_task_run_in_thread (task, open_thread);
}

/* The store names the moved file "<path>.unreadable-<time>"; the newest one is the file
 * that was just moved. */
static char *
find_moved_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".unreadable-", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *newest = NULL;
  const char *name;

  if (listing == NULL)
    return NULL;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm") && g_strcmp0 (name, newest) > 0)
      {
        g_free (newest);
        newest = g_strdup (name);
      }

  return newest != NULL ? g_build_filename (dir, newest, NULL) : NULL;
}

/* "Try Again" on the window's start-up page. */
static void
on_startup_retry (KasirStartupPage *page,
                  KasirTillSession *self)
{
  if (self->database == NULL)
    open_database (self);
}

static void setup_with_database (KasirTillSession *self);

static void
on_database_opened (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KasirTillSession *self = KASIR_TILL_SESSION (source);
  g_autoptr(GError) error = NULL;
  KasirDatabase *db;

  kasir_till_context_release_work (self->context);
  db = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->window == NULL)
    {
      g_clear_object (&db);
      return;
    }

  if (g_error_matches (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NO_KEY) ||
      g_error_matches (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_WRONG_KEY))
    {
      g_autofree char *moved = find_moved_file (self->path);
      g_autofree char *body = NULL;

      /* Nothing was deleted: say plainly where the old file went, then start afresh. */
      body = g_strdup_printf (_("The key that unlocks this computer’s sales database is not "
                                "in the keyring, so the database could not be opened.\n\n"
                                "The old file was moved aside to\n%s\nand a fresh database "
                                "was started. Nothing was deleted; a technician with the "
                                "old key can still recover it."),
                              moved != NULL ? moved : self->path);
      message (self, _("A Fresh Database Was Started"), body);
      open_database (self);
      return;
    }

  if (db == NULL)
    {
      OpenJob *job = g_task_get_task_data (G_TASK (result));
      KasirStartupProblem problem = kasir_startup_problem_for_database_error (error, job->keyring);

      /* The whole window says it: never a selling screen without a database. */
      g_message ("The sales database could not be opened (%s): %s",
                 kasir_startup_problem_get_id (problem), error->message);
      kasir_window_show_startup_problem (self->window, problem, error->message);
      return;
    }

  self->database = db;
  setup_with_database (self);
}

/* ---- Set-up ---- */

static void
on_setup_finished (KasirSetupWindow *setup,
                   KasirTillSession *self)
{
  /* The till has been locked since start-up; the staff who arrived with the first sync
   * (or the manager just created) sign in on the lock screen. A later re-enrollment from
   * Preferences leaves whoever is signed in as they are. */
  if (self->service != NULL)
    kasir_sync_service_sync_now (self->service);
  /* A manager created here has just typed the PIN twice: asking again is no check. */
  if (kasir_setup_window_get_new_manager (setup) != NULL && self->lock != NULL)
    kasir_till_lock_unlock_as (self->lock, kasir_setup_window_get_new_manager (setup));
  /* A standalone shop describes itself next, then adds its first products. */
  if (g_settings_get_boolean (self->settings, "standalone") && self->database != NULL &&
      !kasir_shop_setup_is_done (self->database))
    gtk_window_present (GTK_WINDOW (kasir_shop_setup_window_new (get_window (self), self->context,
                                                                 self->settings)));
}

static void
run_setup (KasirTillSession *self,
           GtkWindow        *parent,
           KasirSetupMode    mode)
{
  KasirSetupWindow *setup;

  setup = kasir_setup_window_new (parent, self->context, mode);
  keep_visible (self, GTK_WINDOW (setup));
  g_signal_connect_object (setup, "finished", G_CALLBACK (on_setup_finished), self, 0);
  gtk_window_present (GTK_WINDOW (setup));
}

static void
check_setup (KasirTillSession *self)
{
  g_autoptr(KasirSyncStateRepository) state_repo = kasir_sync_state_repository_new (self->database);
  g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (self->database);
  g_autoptr(KasirSyncState) state = NULL;
  g_autoptr(GError) error = NULL;
  gboolean standalone = g_settings_get_boolean (self->settings, "standalone");
  gboolean enrolled;
  gint64 staff = 0;

  state = kasir_sync_state_repository_load (state_repo, &error);
  enrolled = state != NULL && state->terminal_id > 0;
  kasir_staff_repository_count_active (staff_repo, &staff, NULL);

  if (!enrolled && !standalone && !g_settings_get_boolean (self->settings, "setup-done"))
    run_setup (self, get_window (self), KASIR_SETUP_CHOOSE);
  else if (!enrolled && staff == 0)
    run_setup (self, get_window (self), KASIR_SETUP_MANAGER);
}

static void
on_service_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KasirTillSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kasir_sync_service_load_finish (KASIR_SYNC_SERVICE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Selling works without the server; the badge shows the problem. */
      g_warning ("Could not load the sync identity: %s", error->message);
    }
  if (self->window != NULL)
    check_setup (self);
}

/* ---- Lock, staff and shift ---- */

static void
update_open_shift (KasirTillSession *self)
{
  KasirShiftRepository *shifts = kasir_till_context_get_shift_repository (self->context);
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(GError) error = NULL;

  shift = kasir_shift_repository_get_open (shifts, &error);
  if (error != NULL)
    g_warning ("Could not read the open shift: %s", error->message);
  kasir_till_context_set_shift_id (self->context, shift != NULL ? shift->id : NULL);
}

/* The window opens the shift dialog (till.shift) and keeps the shift it opens or
 * closes in the context. */
void
kasir_till_session_show_shift (KasirTillSession *self)
{
  g_return_if_fail (KASIR_IS_TILL_SESSION (self));

  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "till.shift", NULL);
}

static void
on_unlocked (KasirTillLock    *lock,
             const KasirStaff *staff,
             KasirTillSession *self)
{
  kasir_till_context_set_staff (self->context, staff);
  update_open_shift (self);
  if (self->window != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Signed in as %s"), staff->name);

      kasir_window_add_toast (self->window, adw_toast_new (text));
    }

  /* Ready to sell: the cursor waits in the search field, whatever had the focus before
   * the lock (the connection badge would take the first scan's Enter). */
  if (self->window != NULL && kasir_window_get_selling_view (self->window) != NULL)
    kasir_selling_view_focus_search (kasir_window_get_selling_view (self->window));

  /* Sales belong to a shift: with none open, the first thing to do is open one. */
  if (kasir_till_context_get_shift_id (self->context) == NULL)
    kasir_till_session_show_shift (self);
}

static void
on_locked (KasirTillLock    *lock,
           KasirTillSession *self)
{
  kasir_till_context_set_staff (self->context, NULL);
}

void
kasir_till_session_lock (KasirTillSession *self)
{
  g_return_if_fail (KASIR_IS_TILL_SESSION (self));

  if (self->lock != NULL)
    kasir_till_lock_lock (self->lock);
}

gboolean
kasir_till_session_get_locked (KasirTillSession *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_SESSION (self), TRUE);

  return self->lock == NULL || kasir_till_lock_get_locked (self->lock);
}

void
kasir_till_session_set_idle_seconds (KasirTillSession *self,
                                     guint             seconds)
{
  g_return_if_fail (KASIR_IS_TILL_SESSION (self));

  if (self->lock != NULL)
    kasir_till_lock_set_idle_seconds (self->lock, seconds);
}

/* ---- Preferences and removing data ---- */

/* The keyring is asked in a worker thread: a keyring that waits for a prompt (or a
 * slow D-Bus) must not freeze the till. The moved file keeps its own key, so a
 * technician can still open it; the old path's key goes. */
typedef struct
{
  char *path;
  char *moved;
} KeyMove;

static void
key_move_free (KeyMove *move)
{
  g_free (move->path);
  g_free (move->moved);
  g_free (move);
}

static void
move_key_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  KeyMove *move = task_data;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  GError *error = NULL;

  if (kasir_key_store_lookup_database_key (move->path, key, NULL, NULL) &&
      !kasir_key_store_store_database_key (move->moved, key, NULL, &error))
    {
      memset (key, 0, sizeof key);
      g_task_return_error (task, error);
      return;
    }
  memset (key, 0, sizeof key);
  if (!kasir_key_store_clear_database_key (move->path, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_key_moved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  KasirTillSession *self = KASIR_TILL_SESSION (source);
  g_autoptr(KasirPreferencesWindow) prefs = user_data;
  KeyMove *move = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GApplication *app = g_application_get_default ();
  AdwMessageDialog *dialog;

  kasir_till_context_release_work (self->context);
  if (prefs != NULL)
    kasir_preferences_window_set_busy (prefs, FALSE);

  /* The data is moved already; a key left behind only costs a stale keyring entry. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("The keyring could not follow the moved database: %s", error->message);

  g_settings_set_boolean (self->settings, "setup-done", FALSE);
  g_settings_set_boolean (self->settings, "standalone", FALSE);

  body = g_strdup_printf (_("The data was moved to\n%s\nKasir will now close; it starts with "
                            "a fresh database next time."), move->moved);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), _("Data Removed"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close Kasir"));
  if (app != NULL)
    g_signal_connect_swapped (dialog, "response", G_CALLBACK (g_application_quit), app);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_remove_confirmed (AdwMessageDialog *dialog,
                     const char       *response,
                     KasirTillSession *self)
{
  GtkWindow *prefs = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  g_autoptr(KasirTerminalDataRepository) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *moved = NULL;
  KeyMove *move;

  if (g_strcmp0 (response, "remove") != 0 || self->database == NULL)
    return;

  if (self->service != NULL)
    kasir_sync_service_shutdown (self->service);
  data = kasir_terminal_data_repository_new (self->database);
  if (!kasir_terminal_data_repository_remove (data, &moved, &error))
    {
      message (self, _("Could Not Remove the Data"), error->message);
      return;
    }

  /* Until the keyring has answered, the preferences say they are busy. */
  if (KASIR_IS_PREFERENCES_WINDOW (prefs))
    kasir_preferences_window_set_busy (KASIR_PREFERENCES_WINDOW (prefs), TRUE);
  move = g_new0 (KeyMove, 1);
  move->path = g_strdup (kasir_database_get_path (self->database));
  move->moved = g_steal_pointer (&moved);
  task = g_task_new (self, NULL, on_key_moved,
                     KASIR_IS_PREFERENCES_WINDOW (prefs) ? g_object_ref (prefs) : NULL);
  g_task_set_source_tag (task, on_remove_confirmed);
  g_task_set_task_data (task, move, (GDestroyNotify) key_move_free);
  kasir_till_context_hold_work (self->context);
  g_task_run_in_thread (task, move_key_thread);
}

static void
ask_remove (KasirTillSession       *self,
            KasirPreferencesWindow *prefs)
{
  g_autoptr(KasirTerminalDataRepository) data = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  gint64 unsynced = 0;

  if (self->database == NULL)
    return;

  data = kasir_terminal_data_repository_new (self->database);
  if (!kasir_terminal_data_repository_count_unsynced (data, &unsynced, &error))
    {
      message (self, _("Could Not Remove the Data"), error->message);
      return;
    }
  if (unsynced > 0)
    {
      g_autofree char *body =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%" PRId64 " change (a sale, a shift or an edit) has "
                                      "not reached the server yet. Connect to the server and "
                                      "sync first, then try again.",
                                      "%" PRId64 " changes (sales, shifts or edits) have "
                                      "not reached the server yet. Connect to the server and "
                                      "sync first, then try again.",
                                      unsynced),
                         unsynced);
      dialog = adw_message_dialog_new (GTK_WINDOW (prefs), _("The Data Cannot Be Removed Yet"), body);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (prefs), _("Remove This Terminal’s Data?"),
                                   _("Everything has reached the server. The database file is "
                                     "moved aside and Kasir starts afresh, as on the first day."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ask_connect (KasirTillSession       *self,
             KasirPreferencesWindow *prefs)
{
  if (self->database != NULL && self->service != NULL)
    run_setup (self, GTK_WINDOW (prefs), KASIR_SETUP_CONNECT);
}

/* Removing the data and changing the server are a manager's (kasir-approval.h); the
 * approval that opened the preferences usually still holds. */
typedef struct
{
  KasirTillSession       *self;
  KasirPreferencesWindow *prefs;
  void                  (*then) (KasirTillSession *, KasirPreferencesWindow *);
} Approved;

static void
on_approved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Approved *approved = user_data;

  if (kasir_approval_request_finish (result, NULL) >= 0 &&
      gtk_widget_get_visible (GTK_WIDGET (approved->prefs)))
    approved->then (approved->self, approved->prefs);
  g_object_unref (approved->self);
  g_object_unref (approved->prefs);
  g_free (approved);
}

static void
with_approval (KasirTillSession       *self,
               KasirPreferencesWindow *prefs,
               KasirApprovalReason     reason,
               void                  (*then) (KasirTillSession *, KasirPreferencesWindow *))
{
  Approved *approved = g_new0 (Approved, 1);

  approved->self = g_object_ref (self);
  approved->prefs = g_object_ref (prefs);
  approved->then = then;
  kasir_approval_request_async (self->context, GTK_WINDOW (prefs), reason, NULL, NULL,
                                on_approved, approved);
}

static void
on_remove_requested (KasirPreferencesWindow *prefs,
                     KasirTillSession       *self)
{
  with_approval (self, prefs, KASIR_APPROVAL_REMOVE_DATA, ask_remove);
}

static void
on_connect_requested (KasirPreferencesWindow *prefs,
                      KasirTillSession       *self)
{
  with_approval (self, prefs, KASIR_APPROVAL_CHANGE_SERVER, ask_connect);
}

void
kasir_till_session_show_preferences (KasirTillSession *self)
{
  KasirPreferencesWindow *prefs;

  g_return_if_fail (KASIR_IS_TILL_SESSION (self));

  prefs = kasir_preferences_window_new (get_window (self), self->context);
  g_signal_connect_object (prefs, "connect-requested", G_CALLBACK (on_connect_requested), self, 0);
  g_signal_connect_object (prefs, "remove-data-requested", G_CALLBACK (on_remove_requested), self, 0);
  gtk_window_present (GTK_WINDOW (prefs));
}

void
kasir_till_session_sync_now (KasirTillSession *self)
{
  g_return_if_fail (KASIR_IS_TILL_SESSION (self));

  if (self->service != NULL)
    kasir_sync_service_sync_now (self->service);
  /* A standalone shop describes itself next, then adds its first products. */
  if (g_settings_get_boolean (self->settings, "standalone") && self->database != NULL &&
      !kasir_shop_setup_is_done (self->database))
    gtk_window_present (GTK_WINDOW (kasir_shop_setup_window_new (get_window (self), self->context,
                                                                 self->settings)));
}

/* ---- Wiring ---- */

static void
on_warning_hours_changed (GSettings        *settings,
                          const char       *key,
                          KasirTillSession *self)
{
  if (self->notifier != NULL)
    kasir_sync_notifier_set_warning_hours (self->notifier,
                                           g_settings_get_uint (settings, "offline-warning-hours"));
}

static void
on_auto_lock_changed (GSettings        *settings,
                      const char       *key,
                      KasirTillSession *self)
{
  if (self->lock != NULL)
    kasir_till_lock_set_idle_minutes (self->lock, g_settings_get_uint (settings, "auto-lock-minutes"));
}

static void
setup_with_database (KasirTillSession *self)
{
  g_autoptr(GError) error = NULL;

  /* The till locks before the selling view gets its data, so nothing of it is usable
   * before someone has entered a PIN. */
  self->guard = kasir_pin_guard_new (self->database);
  self->lock = kasir_till_lock_new (ADW_APPLICATION_WINDOW (self->window), self->guard);
  g_signal_connect_object (self->lock, "unlocked", G_CALLBACK (on_unlocked), self, 0);
  g_signal_connect_object (self->lock, "locked", G_CALLBACK (on_locked), self, 0);
  for (guint i = 0; i < self->kept_visible->len; i++)
    if (gtk_widget_get_visible (self->kept_visible->pdata[i]))
      kasir_till_lock_keep_visible (self->lock, self->kept_visible->pdata[i]);
  g_ptr_array_set_size (self->kept_visible, 0);
  on_auto_lock_changed (self->settings, NULL, self);
  kasir_till_lock_lock (self->lock);

  kasir_till_context_set_database (self->context, self->database);

  self->service = kasir_sync_service_new (self->database, NULL, &error);
  if (self->service == NULL)
    {
      message (self, _("Syncing Is Not Available"), error->message);
    }
  else
    {
      /* The settings drive the service directly; a change applies at once. */
      g_settings_bind (self->settings, "heartbeat-interval", self->service, "heartbeat-interval",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "sync-interval", self->service, "sync-interval",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "push-batch-size", self->service, "batch-size",
                       G_SETTINGS_BIND_GET);
      kasir_till_context_set_sync_service (self->context, self->service);
      self->notifier = kasir_sync_notifier_new (self->window, self->service);
      /* The manager's tools toast new conflicts themselves, with a button to review them. */
      kasir_sync_notifier_set_conflict_toasts (self->notifier, FALSE);
      on_warning_hours_changed (self->settings, NULL, self);
    }

  if (self->service != NULL && !g_settings_get_boolean (self->settings, "standalone"))
    kasir_sync_service_load_async (self->service, self->cancellable, on_service_loaded,
                                   g_object_ref (self));
  else
    check_setup (self);
}

/* The session keeps itself alive as long as its window: the window's destruction ends
 * it, whoever else still holds a reference. */
static void
on_window_destroyed (GtkWidget        *window,
                     KasirTillSession *self)
{
  g_signal_handlers_disconnect_by_data (window, self);
  g_clear_weak_pointer (&self->window);
  g_cancellable_cancel (self->cancellable);
  if (self->service != NULL)
    kasir_sync_service_shutdown (self->service);
  g_object_unref (self);
}

static void
kasir_till_session_dispose (GObject *object)
{
  KasirTillSession *self = KASIR_TILL_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->notifier);
  g_clear_object (&self->lock);
  g_clear_object (&self->guard);
  if (self->service != NULL)
    kasir_sync_service_shutdown (self->service);
  g_clear_object (&self->service);
  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kasir_till_session_parent_class)->dispose (object);
}

static void
kasir_till_session_finalize (GObject *object)
{
  KasirTillSession *self = KASIR_TILL_SESSION (object);

  g_free (self->path);
  g_clear_pointer (&self->kept_visible, g_ptr_array_unref);

  G_OBJECT_CLASS (kasir_till_session_parent_class)->finalize (object);
}

static void
kasir_till_session_class_init (KasirTillSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kasir_till_session_dispose;
  object_class->finalize = kasir_till_session_finalize;
}

static void
kasir_till_session_init (KasirTillSession *self)
{
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->kept_visible = g_ptr_array_new_with_free_func (g_object_unref);
}

KasirTillSession *
kasir_till_session_new (KasirWindow *window,
                        const char  *db_path)
{
  KasirTillSession *self;

  g_return_val_if_fail (KASIR_IS_WINDOW (window), NULL);
  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (KASIR_TYPE_TILL_SESSION, NULL);
  g_set_weak_pointer (&self->window, window);
  self->context = g_object_ref (kasir_window_get_context (window));
  self->path = g_strdup (db_path);
  g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroyed), g_object_ref (self));
  g_signal_connect_object (window, "lock-requested",
                           G_CALLBACK (kasir_till_session_lock), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "preferences-requested",
                           G_CALLBACK (kasir_till_session_show_preferences), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (kasir_window_get_startup_page (window), "retry",
                           G_CALLBACK (on_startup_retry), self, 0);

  g_signal_connect (self->settings, "changed::offline-warning-hours",
                    G_CALLBACK (on_warning_hours_changed), self);
  g_signal_connect (self->settings, "changed::auto-lock-minutes",
                    G_CALLBACK (on_auto_lock_changed), self);

  return self;
}

void
kasir_till_session_start (KasirTillSession *self)
{
  g_return_if_fail (KASIR_IS_TILL_SESSION (self));

  open_database (self);
}

KasirDatabase *
kasir_till_session_get_database (KasirTillSession *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_SESSION (self), NULL);

  return self->database;
}

KasirSyncService *
kasir_till_session_get_service (KasirTillSession *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_SESSION (self), NULL);

  return self->service;
}

gint64
kasir_till_session_get_staff_id (KasirTillSession *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_SESSION (self), 0);

  return kasir_till_context_get_staff_id (self->context);
}

const char *
kasir_till_session_get_shift_id (KasirTillSession *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_SESSION (self), NULL);

  return kasir_till_context_get_shift_id (self->context);
}
