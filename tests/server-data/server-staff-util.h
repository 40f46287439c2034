/* server-staff-util.h — real staff and hand-written payloads for the server tests that
 * check one guarantee each (test-server-retry.c, test-server-merge.c).
 *
 * Payloads are written as JSON text, with ' for ", so that a test states exactly what a
 * till sends, "staff_id" included (the server checks who made a change), whatever the
 * codec's structs look like.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>

#include "server-test-util.h"

/* Adds an active staff member with a real Argon2id PIN hash to @outlet_id. */
G_GNUC_UNUSED static gint64
add_staff (ServerFixture *fx,
           gint64         outlet_id,
           const char    *name,
           const char    *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash ("2468", &error);
  KasirServerNewStaff staff = { outlet_id, (char *) name, (char *) role, hash };
  gint64 id = 0;

  g_assert_no_error (error);
  g_assert_true (kasir_server_store_add_staff (fx->admin, &staff, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A payload from printf-style JSON text written with ' for ". */
G_GNUC_UNUSED G_GNUC_PRINTF (1, 2) static JsonNode *
payload_printf (const char *format,
                ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  for (char *p = text; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return node;
}

G_GNUC_UNUSED static void
assert_same_result (const KasirPushResult *a,
                    const KasirPushResult *b)
{
  g_assert_cmpint (a->seq, ==, b->seq);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpstr (a->reason, ==, b->reason);
  g_assert_cmpuint (a->conflict_ids->len, ==, b->conflict_ids->len);
  for (guint k = 0; k < a->conflict_ids->len; k++)
    g_assert_cmpint (g_array_index (a->conflict_ids, gint64, k), ==,
                     g_array_index (b->conflict_ids, gint64, k));
}
