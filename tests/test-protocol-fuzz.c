/* test-protocol-fuzz.c — the sync protocol v1 JSON codec under a truncation/bit-flip
 * fuzz loop: every damaged document decodes or fails with an error, never crashes.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "kasir-protocol.h"

#include "kasir-test-protocol.h"

/* ---- Fuzz ---- */

static void
check_outcome (Kind        kind,
               const char *text,
               gsize       length,
               guint      *n_ok,
               guint      *n_err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = parse_and_decode (kind, text, length, &error);

  /* Exactly one of a complete object or an error in our domain. */
  g_assert_true ((result == NULL) != (error == NULL));
  if (result != NULL)
    {
      g_autofree char *again = kasir_protocol_to_string (result, NULL);

      g_assert_nonnull (again);
      (*n_ok)++;
    }
  else
    {
      g_assert_true (error->domain == KASIR_PROTOCOL_ERROR);
      g_assert_true (error->message != NULL && *error->message != '\0');
      (*n_err)++;
    }
}

static void
fuzz_document (Kind        kind,
               const char *doc,
               guint       flips)
{
  g_autofree char *text = json_text (doc);
  gsize length = strlen (text);
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x4b415349);
  g_autofree char *copy = g_malloc (length + 1);
  guint n_ok = 0;
  guint n_err = 0;

  /* Every prefix, including the empty one. */
  for (gsize cut = 0; cut <= length; cut++)
    {
      memcpy (copy, text, cut);
      check_outcome (kind, copy, cut, &n_ok, &n_err);
    }
  /* Only the whole document is valid. */
  g_assert_cmpuint (n_ok, ==, 1);

  /* Random byte changes, one to four at a time, from a fixed seed. */
  for (guint i = 0; i < flips; i++)
    {
      guint changes = g_rand_int_range (rand, 1, 5);

      memcpy (copy, text, length + 1);
      for (guint j = 0; j < changes; j++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) length);

          if (g_rand_boolean (rand))
            copy[at] ^= (char) (1u << g_rand_int_range (rand, 0, 8));
          else
            copy[at] = (char) g_rand_int_range (rand, 0, 256);
        }
      check_outcome (kind, copy, length, &n_ok, &n_err);
    }

  g_test_message ("fuzz: %u valid, %u rejected", n_ok, n_err);
  g_assert_cmpuint (n_err, >, 0);
}

static void
test_fuzz_push (void)
{
  fuzz_document (K_PUSH_REQ, PUSH_DOC, 20000);
}

static void
test_fuzz_pull (void)
{
  fuzz_document (K_PULL, PULL_DOC, 10000);
}

static void
test_fuzz_sale (void)
{
  fuzz_document (K_SALE, SALE2_DOC, 10000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Protocol/fuzz-push", test_fuzz_push);
  g_test_add_func ("/Kasir/Protocol/fuzz-pull", test_fuzz_pull);
  g_test_add_func ("/Kasir/Protocol/fuzz-sale", test_fuzz_sale);

  return g_test_run ();
}
