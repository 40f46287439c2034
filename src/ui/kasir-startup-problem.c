/* kasir-startup-problem.c — what can stop a till from starting, in words.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-database.h"
#include "kasir-startup-problem.h"
#include "kasir-sync-client.h"

typedef struct
{
  const char *id;
  const char *icon;
  const char *title;
  const char *description;
} ProblemText;

/* Indexed by KasirStartupProblem. Each says what happened, that nothing was lost, and
 * what a person can do before pressing "Try Again". */
static const ProblemText problems[] = {
  [KASIR_STARTUP_OK] = { "ok", "io.github.kasirpos.Kasir", NULL, NULL },
  [KASIR_STARTUP_KEYRING_LOCKED] = {
    "keyring-locked", "system-lock-screen-symbolic",
    N_("The Keyring Is Locked"),
    N_("Kasir keeps the key of its sales database in your login keyring, and the keyring "
       "is locked, so the database cannot be opened. Nothing was changed.\n\nUnlock the "
       "keyring (log out and log in again, or unlock “Login” in Passwords and Keys), then "
       "choose Try Again."),
  },
  [KASIR_STARTUP_KEYRING_MISSING] = {
    "keyring-missing", "dialog-password-symbolic",
    N_("No Keyring Is Available"),
    N_("Kasir keeps the key of its sales database in your login keyring, and this session "
       "has none: no keyring service is running, or the “Login” keyring does not exist. No "
       "database was opened or created, and nothing was changed.\n\nLog in through the "
       "desktop’s login screen so that the keyring starts, or create a “Login” keyring in "
       "Passwords and Keys, then choose Try Again."),
  },
  [KASIR_STARTUP_KEYRING_REFUSED] = {
    "keyring-refused", "dialog-password-symbolic",
    N_("The Keyring Refused"),
    N_("The keyring did not let Kasir read or keep the key of its sales database, so the "
       "database was not opened. Nothing was changed.\n\nIf a password prompt was closed, "
       "choose Try Again and answer it. If Kasir runs as a Flatpak, check in the system "
       "settings that it may use the keyring."),
  },
  [KASIR_STARTUP_DISK_FULL] = {
    "disk-full", "drive-harddisk-symbolic",
    N_("The Disk Is Full"),
    N_("There is no room left on the disk that holds Kasir’s sales database, so it cannot "
       "be opened safely. Nothing was changed.\n\nFree some space on this computer (empty "
       "the trash, remove old downloads), then choose Try Again."),
  },
  [KASIR_STARTUP_DATABASE_TOO_NEW] = {
    "database-too-new", "software-update-available-symbolic",
    N_("This Database Is From a Newer Kasir"),
    N_("The sales database was written by a newer version of Kasir than this one. Opening "
       "it here could damage it, so it was left as it is.\n\nInstall the newer version of "
       "Kasir again, then choose Try Again."),
  },
  [KASIR_STARTUP_DATABASE_FAILED] = {
    "database-failed", "dialog-error-symbolic",
    N_("The Sales Database Could Not Be Opened"),
    N_("Kasir could not open its sales database. Nothing was deleted.\n\nChoose Try Again. "
       "If it happens again, show the details below to whoever looks after this computer."),
  },
  [KASIR_STARTUP_SERVER_UNREACHABLE] = {
    "server-unreachable", "network-error-symbolic",
    N_("The Server Cannot Be Reached"),
    N_("This till could not reach the sync server, so it is not enrolled yet. Nothing was "
       "changed.\n\nCheck the server address, the network cable or Wi-Fi, and that the "
       "server is running, then choose Try Again."),
  },
  [KASIR_STARTUP_CODE_REFUSED] = {
    "code-refused", "dialog-password-symbolic",
    N_("The Enrollment Code Was Not Accepted"),
    N_("The server did not accept this enrollment code. A code works once, and only for "
       "a limited time, so it may have been used already or have expired.\n\nAsk whoever "
       "runs the server for a new code (kasir-server enroll-code), then choose Try Again "
       "and type it."),
  },
  [KASIR_STARTUP_WRONG_OUTLET] = {
    "wrong-outlet", "mark-location-symbolic",
    N_("This Code Is for Another Outlet"),
    N_("This till already holds the catalog, stock and sales of one outlet, and the "
       "enrollment code is for a different outlet. Mixing them would send this outlet’s "
       "sales to the wrong shop, so the till kept its old enrollment.\n\nAsk for a code for "
       "this till’s own outlet. To move the till to another outlet, first sync everything, "
       "then remove this till’s data in Preferences."),
  },
  [KASIR_STARTUP_SERVER_REFUSED] = {
    "server-refused", "network-server-symbolic",
    N_("The Server Refused This Till"),
    N_("The sync server answered, but did not enroll this till. Nothing was changed.\n\n"
       "The details below say why; show them to whoever runs the server, then choose Try "
       "Again."),
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (problems) == KASIR_STARTUP_SERVER_REFUSED + 1);

static gboolean
is_disk_full (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
         g_error_matches (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_DISK_FULL);
}

KasirStartupProblem
kasir_startup_problem_for_database_error (const GError      *error,
                                          KasirKeyringState  keyring)
{
  if (error == NULL)
    return KASIR_STARTUP_OK;
  if (is_disk_full (error))
    return KASIR_STARTUP_DISK_FULL;
  if (g_error_matches (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_TOO_NEW))
    return KASIR_STARTUP_DATABASE_TOO_NEW;
  if (g_error_matches (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING) ||
      error->domain == KASIR_KEY_STORE_ERROR)
    switch (keyring)
      {
      case KASIR_KEYRING_LOCKED:
        return KASIR_STARTUP_KEYRING_LOCKED;
      case KASIR_KEYRING_NO_SERVICE:
      case KASIR_KEYRING_NO_COLLECTION:
        return KASIR_STARTUP_KEYRING_MISSING;
      case KASIR_KEYRING_USABLE:
      case KASIR_KEYRING_REFUSED:
      default:
        /* A keyring that looks usable and still failed refused this one request. */
        return KASIR_STARTUP_KEYRING_REFUSED;
      }

  return KASIR_STARTUP_DATABASE_FAILED;
}

KasirStartupProblem
kasir_startup_problem_for_enroll_error (const GError *error)
{
  if (error == NULL)
    return KASIR_STARTUP_OK;
  if (error->domain == KASIR_SYNC_ERROR)
    switch ((KasirSyncError) error->code)
      {
      case KASIR_SYNC_ERROR_TRANSPORT:
        return KASIR_STARTUP_SERVER_UNREACHABLE;
      case KASIR_SYNC_ERROR_UNAUTHORIZED:
        return KASIR_STARTUP_CODE_REFUSED;
      case KASIR_SYNC_ERROR_WRONG_OUTLET:
        return KASIR_STARTUP_WRONG_OUTLET;
      case KASIR_SYNC_ERROR_INVALID_URL:
        return KASIR_STARTUP_OK;
      default:
        return KASIR_STARTUP_SERVER_REFUSED;
      }
  if (is_disk_full (error))
    return KASIR_STARTUP_DISK_FULL;
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return KASIR_STARTUP_SERVER_UNREACHABLE;

  return KASIR_STARTUP_SERVER_REFUSED;
}

static const ProblemText *
text_of (KasirStartupProblem problem)
{
  g_return_val_if_fail ((guint) problem < G_N_ELEMENTS (problems), &problems[KASIR_STARTUP_OK]);

  return &problems[problem];
}

const char *
kasir_startup_problem_get_id (KasirStartupProblem problem)
{
  return text_of (problem)->id;
}

const char *
kasir_startup_problem_get_title (KasirStartupProblem problem)
{
  const char *title = text_of (problem)->title;

  return title != NULL ? _(title) : NULL;
}

const char *
kasir_startup_problem_get_description (KasirStartupProblem problem)
{
  const char *description = text_of (problem)->description;

  return description != NULL ? _(description) : NULL;
}

const char *
kasir_startup_problem_get_icon_name (KasirStartupProblem problem)
{
  return text_of (problem)->icon;
}
