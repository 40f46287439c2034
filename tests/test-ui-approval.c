/* test-ui-approval.c — one approval for everything a manager (or, where kasir-roles.h
 * allows, a supervisor) guards: a cashier's
 * PIN is refused, the approving manager's id is answered, an approval of the tools holds
 * for a while for that manager (and only while the same person is signed in), and an
 * approval of a sale or refund never holds. Real widgets under Xvfb, a real SQLCipher
 * database.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-application.h"
#include "kasir-approval.h"
#include "kasir-pin.h"
#include "kasir-pin-dialog.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-window.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

static KasirApplication *application;

static KasirApplication *
get_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application != NULL)
    return application;
  application = g_object_new (KASIR_TYPE_APPLICATION,
                              "application-id", APP_ID ".TestUiApproval",
                              "resource-base-path", RESOURCE_BASE,
                              "flags", G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  return application;
}

static gboolean
prompt_shown (gpointer data)
{
  return kasir_test_find_pin_prompt () != NULL;
}

static GtkEditable *
prompt_entry (KasirPinDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));

  return GTK_EDITABLE (gtk_widget_get_first_child (box));
}

static void
type_pin (const char *pin)
{
  KasirPinDialog *dialog;

  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 5));
  dialog = kasir_test_find_pin_prompt ();
  gtk_editable_set_text (prompt_entry (dialog), pin);
  g_signal_emit_by_name (prompt_entry (dialog), "activate");
  kasir_test_settle (50);
}

typedef struct
{
  gboolean  done;
  gint64    manager;
  GError   *error;
} Answer;

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Answer *answer = user_data;

  answer->manager = kasir_approval_request_finish (result, &answer->error);
  answer->done = TRUE;
}

static gboolean
answered (gpointer data)
{
  return ((Answer *) data)->done;
}

static void
request (KasirTillContext    *context,
         KasirApprovalReason  reason,
         Answer              *answer)
{
  g_clear_error (&answer->error);
  answer->done = FALSE;
  answer->manager = -2;
  kasir_approval_request_async (context, NULL, reason, NULL, NULL, on_answer, answer);
}

static void
cancel_prompt (Answer *answer)
{
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 5));
  gtk_window_close (GTK_WINDOW (kasir_test_find_pin_prompt ()));
  g_assert_true (sync_test_wait_for (answered, answer, 5));
  g_assert_error (answer->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (answer->manager, ==, -1);
}

static void
test_approval (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-approval-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirStaff) cashier_staff = NULL;
  g_autoptr(KasirStaff) manager_staff = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(KasirStaffRepository) repo = NULL;
  KasirTillContext *context;
  Answer answer = { 0 };
  gint64 manager, cashier;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  manager = kasir_test_add_staff (db, "Dewi", "manager", "4821");
  cashier = kasir_test_add_staff (db, "Budi", "cashier", "1357");
  repo = kasir_staff_repository_new (db);
  cashier_staff = kasir_staff_repository_get (repo, cashier, &error);
  manager_staff = kasir_staff_repository_get (repo, manager, &error);
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, cashier_staff);

  /* The cashier's own PIN is refused and the prompt asks again; a manager's approves. */
  request (context, KASIR_APPROVAL_PREFERENCES, &answer);
  type_pin ("1357");
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
  g_assert_false (answer.done);
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (kasir_test_find_pin_prompt ()),
                                                    "manager-approval.png");
  }
  type_pin ("4821");
  g_assert_true (sync_test_wait_for (answered, &answer, 10));
  g_assert_no_error (answer.error);
  g_assert_cmpint (answer.manager, ==, manager);

  /* The approval holds for that manager's next tools: no prompt. */
  request (context, KASIR_APPROVAL_MANAGER_TOOLS, &answer);
  g_assert_true (sync_test_wait_for (answered, &answer, 5));
  g_assert_no_error (answer.error);
  g_assert_cmpint (answer.manager, ==, manager);
  g_assert_null (kasir_test_find_pin_prompt ());

  /* It never covers a refund, a void, a discount or a price: each asks. */
  for (KasirApprovalReason r = KASIR_APPROVAL_DISCOUNT; r <= KASIR_APPROVAL_VOID; r++)
    {
      request (context, r, &answer);
      cancel_prompt (&answer);
    }

  /* Another person signing in drops it. */
  kasir_till_context_set_staff (context, manager_staff);
  request (context, KASIR_APPROVAL_REMOVE_DATA, &answer);
  cancel_prompt (&answer);

  /* With the hold set to 0 s, every tool asks. */
  settings = kasir_settings_repository_new (db);
  kasir_settings_repository_set_int64 (settings, KASIR_SETTING_APPROVAL_HOLD_SECONDS, 0, &error);
  g_assert_no_error (error);
  request (context, KASIR_APPROVAL_CHANGE_SERVER, &answer);
  type_pin ("4821");
  g_assert_true (sync_test_wait_for (answered, &answer, 10));
  g_assert_cmpint (answer.manager, ==, manager);
  request (context, KASIR_APPROVAL_CHANGE_SERVER, &answer);
  cancel_prompt (&answer);

  g_clear_error (&answer.error);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* A supervisor approves what kasir-roles.h lets them (a discount, a price, a void) and
 * is refused, the prompt asking again, for a refund and the manager's tools. */
static void
test_supervisor (void)
{
  static const KasirApprovalReason allowed[] = {
    KASIR_APPROVAL_DISCOUNT, KASIR_APPROVAL_PRICE_OVERRIDE, KASIR_APPROVAL_VOID,
  };
  static const KasirApprovalReason refused[] = {
    KASIR_APPROVAL_PREFERENCES, KASIR_APPROVAL_REFUND, KASIR_APPROVAL_MANAGER_TOOLS,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-approval-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirStaff) cashier_staff = NULL;
  g_autoptr(KasirStaffRepository) repo = NULL;
  KasirTillContext *context;
  Answer answer = { 0 };
  gint64 supervisor, cashier, manager;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  manager = kasir_test_add_staff (db, "Dewi", "manager", "4821");
  supervisor = kasir_test_add_staff (db, "Rina", "supervisor", "975310");
  cashier = kasir_test_add_staff (db, "Budi", "cashier", "1357");
  repo = kasir_staff_repository_new (db);
  cashier_staff = kasir_staff_repository_get (repo, cashier, &error);
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, cashier_staff);

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      /* The cashier is still refused; the supervisor approves. */
      request (context, allowed[i], &answer);
      type_pin ("1357");
      g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
      g_assert_false (answer.done);
      type_pin ("975310");
      g_assert_true (sync_test_wait_for (answered, &answer, 10));
      g_assert_no_error (answer.error);
      g_assert_cmpint (answer.manager, ==, supervisor);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      request (context, refused[i], &answer);
      type_pin ("975310");
      g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
      g_assert_false (answer.done);
      if (i == 0)
        {
          g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (kasir_test_find_pin_prompt ()),
                                                          "supervisor-refused.png");
        }
      /* A manager still may. */
      type_pin ("4821");
      g_assert_true (sync_test_wait_for (answered, &answer, 10));
      g_assert_no_error (answer.error);
      g_assert_cmpint (answer.manager, ==, manager);
      kasir_till_context_hold_approval (context, 0, 0); /* no held approval for the next */
    }

  g_clear_error (&answer.error);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* A till with no manager yet: set-up's tools are open (nobody could approve them, and
 * connecting brings the staff); a refund or the other tools still ask, and no PIN can
 * approve them. */
static void
test_no_manager (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-approval-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  KasirTillContext *context;
  Answer answer = { 0 };

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  kasir_test_add_staff (db, "Budi", "cashier", "1357");
  context = kasir_test_context (db, NULL, NULL);

  request (context, KASIR_APPROVAL_CHANGE_SERVER, &answer);
  g_assert_true (sync_test_wait_for (answered, &answer, 5));
  g_assert_no_error (answer.error);
  g_assert_cmpint (answer.manager, ==, 0);
  request (context, KASIR_APPROVAL_REFUND, &answer);
  type_pin ("1357");
  /* The cashier's PIN does not approve it: asked again. */
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
  g_assert_false (answer.done);
  cancel_prompt (&answer);
  request (context, KASIR_APPROVAL_MANAGER_TOOLS, &answer);
  cancel_prompt (&answer);

  g_clear_error (&answer.error);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

static void
count_cb (GtkWidget *widget,
          guint     *count)
{
  (*count)++;
}

static gboolean
counted (gpointer data)
{
  return *(guint *) data > 0;
}

/* The window's Preferences ask a manager first. */
static void
test_window_preferences (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-approval-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  KasirWindow *window;
  guint preferences = 0;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  kasir_test_add_staff (db, "Dewi", "manager", "4821");
  kasir_test_add_staff (db, "Budi", "cashier", "1357");

  window = kasir_window_new (get_application (), kasir_test_context (db, NULL, NULL));
  g_signal_connect (window, "preferences-requested", G_CALLBACK (count_cb), &preferences);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.preferences", NULL));
  type_pin ("1357");
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
  g_assert_cmpuint (preferences, ==, 0);
  type_pin ("4821");
  g_assert_true (sync_test_wait_for (counted, &preferences, 10));
  g_assert_cmpuint (preferences, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (100);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiApproval/approval", test_approval);
  g_test_add_func ("/Kasir/UiApproval/supervisor", test_supervisor);
  g_test_add_func ("/Kasir/UiApproval/no-manager", test_no_manager);
  g_test_add_func ("/Kasir/UiApproval/window-preferences", test_window_preferences);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
