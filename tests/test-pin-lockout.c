/* test-pin-lockout.c — the PIN lockout is per staff member, not per till.
 *
 * A cashier must not be able to guess at a manager's PIN without end by signing in with
 * their own PIN between guesses; a lockout is never cleared by another person's PIN.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "kasir-pin.h"
#include "kasir-staff-repository.h"
#include "pin-test-util.h"
#include "sync-test-util.h"

static gint64 fake_now = 1800000000;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static gint64
add_staff (KasirDatabase *db,
           const char    *name,
           const char    *role,
           const char    *pin)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash (pin, &error);
  gint64 id;

  g_assert_no_error (error);
  id = kasir_staff_repository_add_local (repo, name, role, hash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

typedef struct
{
  char          *dir;
  KasirDatabase *db;
  KasirPinGuard *lock_screen; /* anyone's PIN */
  KasirPinGuard *approval;    /* a manager's PIN */
  gint64         manager;
  gint64         cashier;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kasir-pin-lockout-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = sync_test_terminal_db (f->dir, "till.db", NULL);
  f->manager = add_staff (f->db, "Budi", "manager", "4711");
  f->cashier = add_staff (f->db, "Ani", "cashier", "2580");
  f->lock_screen = kasir_pin_guard_new (f->db);
  f->approval = kasir_pin_guard_new_for_role (f->db, "manager");
  kasir_pin_guard_set_clock (f->lock_screen, fake_clock, NULL);
  kasir_pin_guard_set_clock (f->approval, fake_clock, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->lock_screen);
  g_clear_object (&f->approval);
  g_clear_object (&f->db);
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* The cashier guesses four manager PINs at a manager approval, signs in with her own PIN
 * at the lock screen, and guesses again. Her sign-in must not clear the count against
 * the manager: the next guess locks the manager out, and the manager's right PIN (the
 * one she was guessing at) is refused until the lockout is over. */
static void
test_own_pin_does_not_reset (Fixture       *f,
                             gconstpointer  data)
{
  const char *guesses[] = { "0000", "1111", "1234", "4321", "9999" };
  int code;

  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpint (try_pin (f->approval, guesses[i], &code), ==, 0);
      g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_WRONG_PIN);
    }
  /* Wrong PINs at an approval only count against the managers. */
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->approval, f->manager), ==, 4);
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->approval, f->cashier), ==, 0);

  g_assert_cmpint (try_pin (f->lock_screen, "2580", &code), ==, f->cashier);
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->approval, f->manager), ==, 4);

  g_assert_cmpint (try_pin (f->approval, guesses[4], &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_LOCKED_OUT);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (f->approval, f->manager), ==, 60);

  /* Repeating the trick changes nothing: the approval asks for nobody's PIN meanwhile,
   * and even the manager's right PIN is refused. */
  g_assert_cmpint (try_pin (f->lock_screen, "2580", &code), ==, f->cashier);
  g_assert_cmpint (try_pin (f->approval, "4711", &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_LOCKED_OUT);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (f->approval, f->manager), ==, 60);

  /* At the lock screen the manager's right PIN is answered like a wrong one, so it does
   * not tell a guesser the guess was right; the cashier can still sign in. */
  g_assert_cmpint (try_pin (f->lock_screen, "4711", &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_WRONG_PIN);
  g_assert_cmpint (try_pin (f->lock_screen, "2580", &code), ==, f->cashier);

  /* Once the time is over the manager gets in, and the next lockout is twice as long
   * because no right PIN of his came between. */
  fake_now += 60;
  for (guint i = 0; i < 5; i++)
    {
      try_pin (f->approval, guesses[i], &code);
      g_assert_cmpint (try_pin (f->lock_screen, "2580", &code), ==, f->cashier);
    }
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (f->approval, f->manager), ==, 120);
  fake_now += 120;
  g_assert_cmpint (try_pin (f->approval, "4711", &code), ==, f->manager);
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->approval, f->manager), ==, 0);
}

/* A lockout of one person is never cleared by another's right PIN, and a wrong PIN for
 * one person (anyone's, at the lock screen) is not cleared by another's right one. */
static void
test_other_pin_does_not_clear (Fixture       *f,
                               gconstpointer  data)
{
  int code;

  for (guint i = 0; i < 3; i++)
    try_pin (f->lock_screen, "0000", &code);
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->lock_screen, f->manager), ==, 3);
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->lock_screen, f->cashier), ==, 3);

  g_assert_cmpint (try_pin (f->lock_screen, "4711", &code), ==, f->manager);
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->lock_screen, f->manager), ==, 0);
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->lock_screen, f->cashier), ==, 3);

  /* Two more wrong PINs lock the cashier out, not the manager. */
  try_pin (f->lock_screen, "0000", &code);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_WRONG_PIN);
  try_pin (f->lock_screen, "0000", &code);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_WRONG_PIN);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (f->lock_screen, f->cashier), ==, 60);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (f->lock_screen, f->manager), ==, 0);
  g_assert_cmpint (kasir_pin_guard_get_seconds_left (f->lock_screen), ==, 0);

  g_assert_cmpint (try_pin (f->lock_screen, "4711", &code), ==, f->manager);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (f->lock_screen, f->cashier), ==, 60);
  g_assert_cmpint (try_pin (f->lock_screen, "2580", &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_WRONG_PIN);

  /* A cashier's PIN at a manager approval is hers (the dialog refuses the role), and
   * it neither counts against nor clears the managers' count. */
  fake_now += 60;
  try_pin (f->approval, "0000", &code);
  g_assert_cmpint (try_pin (f->approval, "2580", &code), ==, f->cashier);
  g_assert_cmpuint (kasir_pin_guard_get_staff_failed_count (f->approval, f->manager), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/Kasir/PinLockout/own-pin-does-not-reset", Fixture, NULL,
              fixture_set_up, test_own_pin_does_not_reset, fixture_tear_down);
  g_test_add ("/Kasir/PinLockout/other-pin-does-not-clear", Fixture, NULL,
              fixture_set_up, test_other_pin_does_not_clear, fixture_tear_down);

  return g_test_run ();
}
