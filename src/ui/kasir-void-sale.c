/* kasir-void-sale.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-approval.h"
#include "kasir-input-error.h"
#include "kasir-refund-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-void-sale.h"

typedef struct
{
  KasirTillContext *context;
  KasirSale        *sale;
  GArray           *picks; /* KasirRefundPick */
} VoidData;

static void
void_data_free (VoidData *data)
{
  g_clear_object (&data->context);
  g_clear_pointer (&data->sale, kasir_sale_free);
  g_clear_pointer (&data->picks, g_array_unref);
  g_free (data);
}

static gint64
window_minutes (KasirDatabase *db)
{
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
  gint64 minutes = KASIR_VOID_DEFAULT_WINDOW_MINUTES;

  if (!kasir_settings_repository_get_int64 (settings, KASIR_SETTING_VOID_WINDOW_MINUTES,
                                            KASIR_VOID_DEFAULT_WINDOW_MINUTES, &minutes, NULL))
    minutes = KASIR_VOID_DEFAULT_WINDOW_MINUTES;
  return MAX (minutes, 0);
}

/* The last sale and what of it is left to give back; FALSE with a message for the
 * person when it cannot be voided. */
static gboolean
find_last_sale (KasirTillContext  *context,
                VoidData          *data,
                GError           **error)
{
  KasirDatabase *db = kasir_till_context_get_database (context);
  g_autoptr(KasirRefundRepository) refunds = kasir_refund_repository_new (db);
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GArray) returned = NULL;
  g_autoptr(GDateTime) sold = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 minutes = window_minutes (db);

  recent = kasir_sales_repository_list_recent (kasir_till_context_get_sales_repository (context), 1, error);
  if (recent == NULL)
    return FALSE;
  if (recent->len == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE, "%s",
                   _("There is no sale to void yet."));
      return FALSE;
    }
  data->sale = kasir_sale_copy (recent->pdata[0]);
  sold = g_date_time_new_from_iso8601 (data->sale->created_at, NULL);
  if (sold == NULL || g_date_time_difference (now, sold) > minutes * G_TIME_SPAN_MINUTE)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The last sale (%s) is more than %" PRId64 " minute old: "
                                "give its goods back as a refund instead.",
                                "The last sale (%s) is more than %" PRId64 " minutes old: "
                                "give its goods back as a refund instead.", minutes),
                   data->sale->receipt_no, minutes);
      return FALSE;
    }
  returned = kasir_refund_repository_returned_qty (refunds, data->sale, error);
  if (returned == NULL)
    return FALSE;
  data->picks = g_array_new (FALSE, TRUE, sizeof (KasirRefundPick));
  for (guint i = 0; i < data->sale->lines->len; i++)
    {
      const KasirSaleLine *line = data->sale->lines->pdata[i];
      KasirRefundPick pick = { i + 1, line->qty - g_array_index (returned, gint64, i), FALSE };

      if (pick.qty > 0)
        g_array_append_val (data->picks, pick);
    }
  if (data->picks->len == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("Everything of the last sale (%s) was given back already."), data->sale->receipt_no);
      return FALSE;
    }
  return TRUE;
}

static void
on_approved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VoidData *data = g_task_get_task_data (task);
  g_autoptr(KasirRefundRepository) refunds = NULL;
  GError *error = NULL;
  KasirRefund *refund;
  gint64 manager = kasir_approval_request_finish (result, &error);

  if (manager < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  refunds = kasir_refund_repository_new (kasir_till_context_get_database (data->context));
  /* The reason reports and the server read: a word of the protocol, not translated. */
  refund = kasir_refund_repository_commit (refunds, data->sale, (const KasirRefundPick *) data->picks->data,
                                           data->picks->len, NULL, "void",
                                           kasir_till_context_get_staff_id (data->context), manager,
                                           kasir_till_context_get_shift_id (data->context), &error);
  if (refund == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, refund, (GDestroyNotify) kasir_refund_free);
}

void
kasir_void_last_sale_async (KasirTillContext    *context,
                            GtkWindow           *parent,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  VoidData *data;
  g_autofree char *detail = NULL;

  g_return_if_fail (KASIR_IS_TILL_CONTEXT (context));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_void_last_sale_async);
  data = g_new0 (VoidData, 1);
  data->context = g_object_ref (context);
  g_task_set_task_data (task, data, (GDestroyNotify) void_data_free);
  if (kasir_till_context_get_database (context) == NULL)
    {
      g_task_return_new_error (task, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE, "%s",
                               _("There is no sale to void yet."));
      return;
    }
  if (!find_last_sale (context, data, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  detail = g_strdup_printf (_("Voiding sale %s needs a manager. Enter a manager’s PIN."),
                            data->sale->receipt_no);
  kasir_approval_request_async (context, parent, KASIR_APPROVAL_VOID, detail, cancellable,
                                on_approved, g_steal_pointer (&task));
}

KasirRefund *
kasir_void_last_sale_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
