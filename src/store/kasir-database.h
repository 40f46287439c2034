/* kasir-database.h — the terminal's encrypted SQLCipher database.
 *
 * A KasirDatabase is one connection to the database file. It is opened with a random
 * 256-bit raw key kept in the keyring (kasir_database_open) or, for tools and tests that
 * manage the key themselves, with a key given directly (kasir_database_open_with_key).
 * Opening runs the numbered migrations shipped as resources, each in its own transaction.
 *
 * A connection is used by one thread at a time. A worker thread (the sync service) takes
 * its own connection with kasir_database_open_connection(): WAL lets one writer and many
 * readers work at once, and each connection waits up to a few seconds for the write lock.
 *
 * Cipher settings are pinned explicitly so that a file is always opened knowingly:
 * raw key (no passphrase derivation), 4096-byte cipher pages, HMAC on, kdf_iter 64000,
 * and on SQLCipher 4 builds HMAC-SHA1 and PBKDF2-HMAC-SHA1 — what SQLCipher 3.4 uses —
 * instead of the SHA-512 defaults. PRAGMA cipher_compatibility does not exist in 3.4, so
 * each setting is named on its own; together they equal cipher_compatibility = 3 with
 * 4096-byte pages, and a database made by either build opens in the other.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-input-error.h"
#include "kasir-key-store.h"

G_BEGIN_DECLS

#define KASIR_DATABASE_ERROR (kasir_database_error_quark ())

typedef enum
{
  KASIR_DATABASE_ERROR_NO_KEY,      /* the file exists but the keyring has no key for it */
  KASIR_DATABASE_ERROR_WRONG_KEY,   /* the key does not open the file (or it is not one) */
  KASIR_DATABASE_ERROR_KEYRING,     /* the keyring could not be asked */
  KASIR_DATABASE_ERROR_OPEN,        /* the file could not be created or opened */
  KASIR_DATABASE_ERROR_MIGRATION,   /* a migration failed; nothing of it was kept */
  KASIR_DATABASE_ERROR_TOO_NEW,     /* the file comes from a newer Kasir */
  KASIR_DATABASE_ERROR_BUSY,        /* another connection held the write lock too long */
  KASIR_DATABASE_ERROR_FAILED,      /* any other SQLite failure */
  KASIR_DATABASE_ERROR_INVALID,     /* misuse by the caller (no transaction open); what a
                                       person or a message gave is KASIR_INPUT_ERROR */
  KASIR_DATABASE_ERROR_NOT_FOUND,   /* no such row */
  KASIR_DATABASE_ERROR_CORRUPT,     /* integrity check failed */
  KASIR_DATABASE_ERROR_DISK_FULL,   /* the disk (or a quota) has no room left */
} KasirDatabaseError;

#define KASIR_TYPE_DATABASE (kasir_database_get_type ())

G_DECLARE_FINAL_TYPE (KasirDatabase, kasir_database, KASIR, DATABASE, GObject)

GQuark         kasir_database_error_quark        (void);

/* Opens (or creates) the database at @path with its key from the keyring. A new file gets
 * a fresh random key, stored in the keyring before the file is written. If the file exists
 * but the keyring has no key for it, or the key does not open it, the file (with its -wal
 * and -shm companions) is renamed to "<path>.unreadable-<UTC timestamp>" — never deleted —
 * and the error (KASIR_DATABASE_ERROR_NO_KEY or _WRONG_KEY) names the moved path; the
 * next open then starts a fresh database. */
KasirDatabase *kasir_database_open               (const char    *path,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* Opens (or creates) the database at @path with @key. A key that does not open an
 * existing file gives KASIR_DATABASE_ERROR_WRONG_KEY and leaves the file where it is. */
KasirDatabase *kasir_database_open_with_key      (const char    *path,
                                                  const guint8   key[KASIR_DATABASE_KEY_SIZE],
                                                  GError       **error);
/* Another connection to the same file with the same key, for another thread. */
KasirDatabase *kasir_database_open_connection    (KasirDatabase *self,
                                                  GError       **error);

const char    *kasir_database_get_path           (KasirDatabase *self);
int            kasir_database_get_schema_version (KasirDatabase *self);
/* The newest schema version this build knows (the number of migrations shipped). */
int            kasir_database_get_latest_version (void);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE); nested calls use
 * savepoints, so a repository call made inside a caller's transaction joins it. Every
 * commit is durable when it returns (synchronous=FULL). */
gboolean       kasir_database_begin              (KasirDatabase *self,
                                                  GError       **error);
gboolean       kasir_database_commit             (KasirDatabase *self,
                                                  GError       **error);
void           kasir_database_rollback           (KasirDatabase *self);
/* How long the last outermost commit took, in microseconds (what the benchmarks print). */
gint64         kasir_database_get_commit_time    (KasirDatabase *self);
gboolean       kasir_database_in_transaction     (KasirDatabase *self);

/* Copies committed pages from the WAL into the database file without waiting for readers
 * or writers (a passive checkpoint). Each connection already starts one in a short-lived
 * worker thread once the WAL passes 1000 frames, so a commit never pays for it; call this
 * at a quiet moment (after a sync, before exit) to do it now. A checkpoint already running
 * on another connection counts as success. */
gboolean       kasir_database_checkpoint         (KasirDatabase *self,
                                                  GError       **error);

/* Runs PRAGMA integrity_check; FALSE with KASIR_DATABASE_ERROR_CORRUPT and the first
 * complaint when it is not "ok". */
gboolean       kasir_database_check_integrity    (KasirDatabase *self,
                                                  GError       **error);

G_END_DECLS
