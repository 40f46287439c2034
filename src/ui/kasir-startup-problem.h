/* kasir-startup-problem.h — what can stop a till from starting, and what a person reads
 * about each: the keyring locked, missing or refusing, a full disk, a database from a
 * newer Kasir, and at enrollment an unreachable server, a spent or expired code, or a
 * code for another outlet.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-key-store.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_STARTUP_OK,
  KASIR_STARTUP_KEYRING_LOCKED,
  KASIR_STARTUP_KEYRING_MISSING,
  KASIR_STARTUP_KEYRING_REFUSED,
  KASIR_STARTUP_DISK_FULL,
  KASIR_STARTUP_DATABASE_TOO_NEW,
  KASIR_STARTUP_DATABASE_FAILED,
  KASIR_STARTUP_SERVER_UNREACHABLE,
  KASIR_STARTUP_CODE_REFUSED,
  KASIR_STARTUP_WRONG_OUTLET,
  KASIR_STARTUP_SERVER_REFUSED,
} KasirStartupProblem;

/* Why opening the till's database failed. @keyring is what kasir_key_store_probe ()
 * said after a keyring error (it tells locked from missing from refusing). */
KasirStartupProblem kasir_startup_problem_for_database_error (const GError        *error,
                                                              KasirKeyringState    keyring);
/* Why an enrollment failed; KASIR_STARTUP_OK for a mistake on the connect page itself
 * (an address that is not one), which is said beside the field instead. */
KasirStartupProblem kasir_startup_problem_for_enroll_error   (const GError        *error);

/* A stable name ("keyring-locked", "disk-full"…): the section of the troubleshooting
 * help that explains it, and what the tests compare. */
const char         *kasir_startup_problem_get_id             (KasirStartupProblem  problem);
const char         *kasir_startup_problem_get_title          (KasirStartupProblem  problem);
/* What happened and what to do, in full sentences. */
const char         *kasir_startup_problem_get_description    (KasirStartupProblem  problem);
const char         *kasir_startup_problem_get_icon_name      (KasirStartupProblem  problem);

G_END_DECLS
