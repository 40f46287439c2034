/* pin-test-util.h — asking a PIN guard in the tests and waiting for its answer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-pin-guard.h"
#include "sync-test-util.h"

typedef struct
{
  gboolean    done;
  KasirStaff *staff;
  GError     *error;
} VerifyWait;

G_GNUC_UNUSED static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  VerifyWait *w = user_data;

  w->staff = kasir_pin_guard_verify_finish (KASIR_PIN_GUARD (source), result, &w->error);
  w->done = TRUE;
}

G_GNUC_UNUSED static gboolean
verify_done (gpointer data)
{
  return ((VerifyWait *) data)->done;
}

/* Returns the staff id, or 0 with @error_code set from the error. */
G_GNUC_UNUSED static gint64
try_pin (KasirPinGuard *guard,
         const char    *pin,
         int           *error_code)
{
  VerifyWait w = { 0 };
  gint64 id = 0;

  kasir_pin_guard_verify_async (guard, pin, NULL, on_verified, &w);
  g_assert_true (sync_test_wait_for (verify_done, &w, 30));
  *error_code = -1;
  if (w.staff != NULL)
    {
      g_assert_no_error (w.error);
      id = w.staff->id;
      kasir_staff_free (w.staff);
    }
  else
    {
      g_assert_nonnull (w.error);
      g_assert_true (w.error->domain == KASIR_PIN_GUARD_ERROR);
      *error_code = w.error->code;
      g_error_free (w.error);
    }

  return id;
}
