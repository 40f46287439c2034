/* kasir-approval.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-approval.h"
#include "kasir-pin-dialog.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"

#define DEFAULT_HOLD_SECONDS 180
#define MAX_HOLD_SECONDS     3600

G_DEFINE_QUARK (kasir-approval-error-quark, kasir_approval_error)

gboolean
kasir_approval_reason_is_tool (KasirApprovalReason reason)
{
  switch (reason)
    {
    case KASIR_APPROVAL_PREFERENCES:
    case KASIR_APPROVAL_REMOVE_DATA:
    case KASIR_APPROVAL_CHANGE_SERVER:
    case KASIR_APPROVAL_MANAGER_TOOLS:
      return TRUE;
    case KASIR_APPROVAL_DISCOUNT:
    case KASIR_APPROVAL_PRICE_OVERRIDE:
    case KASIR_APPROVAL_REFUND:
    case KASIR_APPROVAL_PAY_OUT:
    case KASIR_APPROVAL_VOID:
    default:
      return FALSE;
    }
}

KasirApproveKind
kasir_approval_reason_kind (KasirApprovalReason reason)
{
  switch (reason)
    {
    case KASIR_APPROVAL_DISCOUNT:
    case KASIR_APPROVAL_PRICE_OVERRIDE:
      return KASIR_APPROVE_DISCOUNT;
    case KASIR_APPROVAL_VOID:
      return KASIR_APPROVE_VOID;
    case KASIR_APPROVAL_REFUND:
    case KASIR_APPROVAL_PAY_OUT: /* money out of the drawer, like a refund */
      return KASIR_APPROVE_REFUND;
    case KASIR_APPROVAL_PREFERENCES:
    case KASIR_APPROVAL_REMOVE_DATA:
    case KASIR_APPROVAL_CHANGE_SERVER:
    case KASIR_APPROVAL_MANAGER_TOOLS:
    default:
      return KASIR_APPROVE_TOOLS;
    }
}

static const char *
reason_text (KasirApprovalReason reason)
{
  switch (reason)
    {
    case KASIR_APPROVAL_DISCOUNT:
      return _("This discount needs a supervisor or a manager. Enter their PIN to allow it.");
    case KASIR_APPROVAL_PRICE_OVERRIDE:
      return _("A price other than the catalog’s needs a supervisor or a manager. Enter their PIN.");
    case KASIR_APPROVAL_REFUND:
      return _("This refund needs a manager. Enter a manager’s PIN to allow it.");
    case KASIR_APPROVAL_VOID:
      return _("Voiding a sale needs a supervisor or a manager. Enter their PIN.");
    case KASIR_APPROVAL_PAY_OUT:
      return _("This pay-out needs a manager. Enter a manager’s PIN to allow it.");
    case KASIR_APPROVAL_PREFERENCES:
      return _("Enter a manager’s PIN to open the preferences.");
    case KASIR_APPROVAL_REMOVE_DATA:
      return _("Enter a manager’s PIN to remove this till’s data.");
    case KASIR_APPROVAL_CHANGE_SERVER:
      return _("Enter a manager’s PIN to connect this till to a server.");
    case KASIR_APPROVAL_MANAGER_TOOLS:
    default:
      return _("Enter a manager’s PIN.");
    }
}

typedef struct
{
  KasirTillContext    *context;
  KasirApprovalReason  reason;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->context);
  g_free (request);
}

/* Whether the till has an active manager; TRUE on a storage error, so that an error
 * never opens what a manager guards. */
/* The tools that set-up needs before the till has any manager: it must be able to
 * connect the till to a server (which brings the staff) or start it afresh. */
static gboolean
open_without_manager (KasirApprovalReason reason)
{
  return reason == KASIR_APPROVAL_PREFERENCES || reason == KASIR_APPROVAL_REMOVE_DATA ||
         reason == KASIR_APPROVAL_CHANGE_SERVER;
}

static gboolean
has_manager (KasirTillContext *context)
{
  KasirStaffRepository *repo = kasir_till_context_get_staff_repository (context);
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GError) error = NULL;

  staff = kasir_staff_repository_list_active (repo, &error);
  if (staff == NULL)
    {
      g_warning ("Could not list the staff: %s", error->message);
      return TRUE;
    }
  for (guint i = 0; i < staff->len; i++)
    if (g_strcmp0 (((KasirStaff *) staff->pdata[i])->role, "manager") == 0)
      return TRUE;

  return FALSE;
}

static guint
hold_seconds (KasirTillContext *context)
{
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seconds = DEFAULT_HOLD_SECONDS;

  settings = kasir_settings_repository_new (kasir_till_context_get_database (context));
  if (!kasir_settings_repository_get_int64 (settings, KASIR_SETTING_APPROVAL_HOLD_SECONDS,
                                            DEFAULT_HOLD_SECONDS, &seconds, &error))
    {
      g_warning ("Could not read %s: %s", KASIR_SETTING_APPROVAL_HOLD_SECONDS, error->message);
      seconds = 0;
    }

  return (guint) CLAMP (seconds, 0, MAX_HOLD_SECONDS);
}

static void
on_manager (const KasirStaff *manager,
            gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (manager == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("Nobody approved it."));
      return;
    }
  if (kasir_approval_reason_is_tool (request->reason) &&
      kasir_till_context_get_database (request->context) != NULL)
    kasir_till_context_hold_approval (request->context, manager->id,
                                      hold_seconds (request->context));
  g_task_return_int (task, manager->id);
}

void
kasir_approval_request_async (KasirTillContext    *context,
                              GtkWindow           *parent,
                              KasirApprovalReason  reason,
                              const char          *detail,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KasirDatabase *db;
  Request *request;
  gint64 held;

  g_return_if_fail (KASIR_IS_TILL_CONTEXT (context));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_approval_request_async);
  request = g_new0 (Request, 1);
  request->context = g_object_ref (context);
  request->reason = reason;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  db = kasir_till_context_get_database (context);
  if (open_without_manager (reason) && (db == NULL || !has_manager (context)))
    {
      g_task_return_int (task, 0);
      return;
    }
  if (db == NULL)
    {
      g_task_return_new_error (task, KASIR_APPROVAL_ERROR, KASIR_APPROVAL_ERROR_NO_MANAGER,
                               "%s", _("This till has no manager to approve it yet."));
      return;
    }

  held = kasir_approval_reason_is_tool (reason) ? kasir_till_context_get_held_approval (context) : 0;
  if (held > 0)
    {
      g_task_return_int (task, held);
      return;
    }

  kasir_pin_dialog_ask_approver (parent, db, kasir_approval_reason_kind (reason),
                                 detail != NULL ? detail : reason_text (reason),
                                 on_manager, g_steal_pointer (&task));
}

gint64
kasir_approval_request_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kasir_approval_request_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}
