/* kasir-server-store-pg.c — the PostgreSQL backend of KasirServerStore, for a chain:
 * one connection per server process (libpq), any number of processes on one database.
 *
 * The mutation rules are the same code as for SQLite (kasir-server-apply*.c); this
 * backend gives them storage. What differs is concurrency, since several processes and
 * transactions run at once:
 *  - a push locks its terminal's row first (SELECT ... FOR UPDATE), so the mutations of
 *    one terminal are applied one batch at a time, in order, whichever process receives
 *    them;
 *  - stock levels and customers are read FOR UPDATE, so concurrent sales of two tills
 *    cannot lose an update;
 *  - change-log rows get their sequence numbers at commit, under a short lock, so that
 *    the numbers follow commit order and a pull cursor never passes a change that is
 *    still to commit (kasir-server-store-pg-tx.c explains it).
 *
 * Values are stored as in the SQLite backend (integers for money, flags and Unix times,
 * RFC 3339 text for the till's times, JSON text for conflict sides), so that both give
 * the tills the same answers, bit for bit.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "kasir-server-apply.h"
#include "kasir-server-store-pg-private.h"

/* ---- Statement helpers ---- */

gint64
kasir_pg_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Transient failures (a serialization failure, a deadlock, a lost connection) are BUSY,
 * so that the till retries; a broken constraint is INVALID. */
void
kasir_pg_set_error (KasirPgStore    *self,
                    const PGresult  *result,
                    GError         **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = result ? PQresultErrorMessage (result) : PQerrorMessage (self->conn);
  int code = KASIR_SERVER_STORE_ERROR_FAILED;
  g_autofree char *clean = g_strstrip (g_strdup (msg ? msg : "unknown error"));

  if (state == NULL || g_str_has_prefix (state, "08") || g_str_equal (state, "40001")
      || g_str_equal (state, "40P01") || g_str_equal (state, "55P03") || g_str_equal (state, "57P01"))
    code = KASIR_SERVER_STORE_ERROR_BUSY;
  else if (g_str_has_prefix (state, "23"))
    code = KASIR_SERVER_STORE_ERROR_INVALID;
  g_set_error (error, KASIR_SERVER_STORE_ERROR, code, "database: %s", clean);
}

/* @sql with its '?' placeholders numbered as PostgreSQL wants them ($1, $2, ...). */
static char *
number_placeholders (const char *sql,
                     int        *n_params)
{
  GString *out = g_string_new (NULL);
  gboolean quoted = FALSE;

  *n_params = 0;
  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'')
        quoted = !quoted;
      if (*p == '?' && !quoted)
        g_string_append_printf (out, "$%d", ++*n_params);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

void
kasir_pg_forget_statement (KasirPgStore *self,
                           const char   *sql)
{
  g_hash_table_remove (self->stmts, sql);
}

static const char *
prepared_name (KasirPgStore  *self,
               const char    *sql,
               GError       **error)
{
  const char *name = g_hash_table_lookup (self->stmts, sql);
  g_autofree char *numbered = NULL;
  char *new_name;
  PGresult *r;
  int n_params;

  if (name != NULL)
    return name;
  numbered = number_placeholders (sql, &n_params);
  new_name = g_strdup_printf ("k%u", ++self->n_stmts);
  if (self->pipelined)
    {
      /* Confirmed by its answer, with the statements sent after it. */
      if (PQsendPrepare (self->conn, new_name, numbered, n_params, NULL) != 1)
        {
          g_free (new_name);
          kasir_pg_set_error (self, NULL, error);
          return NULL;
        }
      g_hash_table_insert (self->stmts, (gpointer) sql, new_name);
      if (!kasir_pg_pipeline_sent (self, sql, error))
        return NULL;
      return g_hash_table_lookup (self->stmts, sql);
    }
  r = PQprepare (self->conn, new_name, numbered, n_params, NULL);
  if (PQresultStatus (r) != PGRES_COMMAND_OK)
    {
      g_free (new_name);
      kasir_pg_set_error (self, r, error);
      PQclear (r);
      return NULL;
    }
  PQclear (r);
  g_hash_table_insert (self->stmts, (gpointer) sql, new_name);
  return new_name;
}

/* After PostgreSQL went away (a restart, a failover), the next statement outside a
 * transaction connects again; the statements prepared on the old connection are gone
 * with it. Inside a transaction there is nothing to save: the caller's transaction fails
 * (BUSY) and the till sends again. */
static void
reconnect_if_lost (KasirPgStore *self)
{
  /* Never in the middle of a transaction: its statements would run, and its COMMIT
   * succeed, on a new connection that has none of its work. */
  if (PQstatus (self->conn) != CONNECTION_BAD || self->in_transaction)
    return;
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    return;
  g_hash_table_remove_all (self->stmts);
  self->changes_pending = FALSE;
  PQclear (PQexec (self->conn, KASIR_PG_SESSION_SETTINGS));
  g_message ("reconnected to PostgreSQL");
}

/* Runs @sql with its arguments as text: prepared once (@prepare), or planned for these
 * values each time. In a pipeline, a statement whose answer is not wanted (@out NULL)
 * is only sent; its failure is reported by a later call in the same transaction. */
static gboolean
run_texts (KasirPgStore        *self,
           GError             **error,
           PGresult           **out,
           gboolean             prepare,
           const char          *sql,
           int                  n,
           const char * const  *texts)
{
  const char *name = NULL;
  g_autofree char *numbered = NULL;
  PGresult *r = NULL;
  ExecStatusType status;
  gboolean sent = TRUE;

  reconnect_if_lost (self);
  if (prepare && (name = prepared_name (self, sql, error)) == NULL)
    return FALSE;
  if (!prepare)
    {
      int n_params;

      numbered = number_placeholders (sql, &n_params);
    }
  if (self->pipelined && prepare)
    sent = PQsendQueryPrepared (self->conn, name, n, texts, NULL, NULL, 0) == 1;
  else if (self->pipelined)
    sent = PQsendQueryParams (self->conn, numbered, n, NULL, texts, NULL, NULL, 0) == 1;
  else if (prepare)
    r = PQexecPrepared (self->conn, name, n, texts, NULL, NULL, 0);
  else
    r = PQexecParams (self->conn, numbered, n, NULL, texts, NULL, NULL, 0);
  if (self->pipelined)
    {
      if (!sent)
        {
          kasir_pg_set_error (self, NULL, error);
          return FALSE;
        }
      if (out == NULL)
        return kasir_pg_pipeline_sent (self, NULL, error);
      g_ptr_array_add (self->pending, NULL);
      return kasir_pg_pipeline_sync (self, out, error);
    }
  status = PQresultStatus (r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      kasir_pg_set_error (self, r, error);
      PQclear (r);
      return FALSE;
    }
  if (out != NULL)
    *out = r;
  else
    PQclear (r);
  return TRUE;
}

gboolean
kasir_pg_run_texts (KasirPgStore        *self,
                    GError             **error,
                    gboolean             planned,
                    const char          *sql,
                    int                  n_params,
                    const char * const  *texts)
{
  return run_texts (self, error, NULL, !planned, sql, n_params, texts);
}

/* Whether @sql sets a savepoint or goes back to one: the change-log rows gathered
 * before it must be written before it, so that going back undoes exactly the rows
 * gathered after the savepoint. */
static gboolean
is_savepoint (const char *sql)
{
  return g_str_has_prefix (sql, "SAVEPOINT ") || g_str_has_prefix (sql, "ROLLBACK TO ");
}

/* Every statement but a gathered row's (kasir-server-store-pg-bulk.c) writes the
 * gathered rows first, so that it sees them and follows them. */
static gboolean
run_va (KasirPgStore  *self,
        GError       **error,
        PGresult     **out,
        gboolean       prepare,
        const char    *sql,
        const char    *fmt,
        va_list        args)
{
  int n = fmt != NULL ? (int) strlen (fmt) : 0;
  g_autofree char **texts = g_new0 (char *, n + 1);
  gboolean ok;

  if (!kasir_pg_bulk_flush (self, is_savepoint (sql), error))
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      switch (fmt[i])
        {
        case 'i':
          texts[i] = g_strdup_printf ("%" G_GINT64_FORMAT, va_arg (args, gint64));
          break;
        case 'n':
          {
            gint64 v = va_arg (args, gint64);
            texts[i] = v == 0 ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, v);
          }
          break;
        case 't':
          texts[i] = g_strdup (va_arg (args, const char *));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  ok = run_texts (self, error, out, prepare, sql, n, (const char * const *) texts);
  for (int i = 0; i < n; i++)
    g_free (texts[i]);
  return ok;
}

PGresult *
kasir_pg_query (KasirPgStore  *self,
                GError       **error,
                const char    *sql,
                const char    *fmt,
                ...)
{
  PGresult *r = NULL;
  va_list args;

  va_start (args, fmt);
  if (!run_va (self, error, &r, TRUE, sql, fmt, args))
    r = NULL;
  va_end (args);
  return r;
}

PGresult *
kasir_pg_query_planned (KasirPgStore  *self,
                        GError       **error,
                        const char    *sql,
                        const char    *fmt,
                        ...)
{
  PGresult *r = NULL;
  va_list args;

  va_start (args, fmt);
  if (!run_va (self, error, &r, FALSE, sql, fmt, args))
    r = NULL;
  va_end (args);
  return r;
}

static gboolean
sql_run (gpointer     db,
         GError     **error,
         const char  *sql,
         const char  *fmt,
         va_list      args)
{
  return run_va (db, error, NULL, TRUE, sql, fmt, args);
}

static gboolean
sql_query_int (gpointer     db,
               GError     **error,
               gint64      *out,
               gboolean    *found,
               const char  *sql,
               const char  *fmt,
               va_list      args)
{
  PGresult *r = NULL;

  if (!run_va (db, error, &r, TRUE, sql, fmt, args))
    return FALSE;
  if (found != NULL)
    *found = PQntuples (r) > 0;
  *out = PQntuples (r) > 0 ? kasir_pg_int (r, 0, 0) : 0;
  PQclear (r);
  return TRUE;
}

/* The row is the query's result; row_free clears it. */
static gboolean
sql_query_row (gpointer     db,
               GError     **error,
               gpointer    *row,
               const char  *sql,
               const char  *fmt,
               va_list      args)
{
  PGresult *r = NULL;

  *row = NULL;
  if (!run_va (db, error, &r, TRUE, sql, fmt, args))
    return FALSE;
  if (PQntuples (r) > 0)
    *row = r;
  else
    PQclear (r);
  return TRUE;
}

static gint64
sql_row_int (gpointer row,
             int      index,
             int      col)
{
  return kasir_pg_int (row, index, col);
}

static char *
sql_row_text (gpointer row,
              int      index,
              int      col)
{
  return kasir_pg_dup (row, index, col);
}

/* The rows are the query's whole result, read by index. */
static gboolean
sql_query_rows (gpointer     db,
                GError     **error,
                gpointer    *rows,
                const char  *sql,
                const char  *fmt,
                va_list      args)
{
  PGresult *r = NULL;

  *rows = NULL;
  if (!run_va (db, error, &r, TRUE, sql, fmt, args))
    return FALSE;
  *rows = r;
  return TRUE;
}

static int
sql_rows_next (gpointer   db,
               gpointer   rows,
               int        index,
               GError   **error)
{
  return index < PQntuples (rows) ? 1 : 0;
}

static void
sql_row_free (gpointer row)
{
  PQclear (row);
}

static int
sql_row_columns (gpointer rows)
{
  return PQnfields (rows);
}

static const KasirServerSqlClass pg_sql_class = {
  .run = sql_run, .query_int = sql_query_int,
  .query_row = sql_query_row, .row_int = sql_row_int, .row_text = sql_row_text, .row_free = sql_row_free,
  .query_rows = sql_query_rows, .rows_next = sql_rows_next, .row_columns = sql_row_columns,
};

KasirServerSql
kasir_pg_sql (KasirPgStore *self)
{
  return (KasirServerSql) { &pg_sql_class, self };
}

gboolean
kasir_pg_run (KasirPgStore  *self,
              GError       **error,
              const char    *sql,
              const char    *fmt,
              ...)
{
  gboolean ok;
  va_list args;

  va_start (args, fmt);
  ok = sql_run (self, error, sql, fmt, args);
  va_end (args);
  return ok;
}

gboolean
kasir_pg_query_int (KasirPgStore  *self,
                    GError       **error,
                    gint64        *out,
                    gboolean      *found,
                    const char    *sql,
                    const char    *fmt,
                    ...)
{
  gboolean ok;
  va_list args;

  va_start (args, fmt);
  ok = sql_query_int (self, error, out, found, sql, fmt, args);
  va_end (args);
  return ok;
}

gint64
kasir_pg_int (const PGresult *result,
              int             row,
              int             col)
{
  if (PQgetisnull (result, row, col))
    return 0;
  return g_ascii_strtoll (PQgetvalue (result, row, col), NULL, 10);
}

char *
kasir_pg_dup (const PGresult *result,
              int             row,
              int             col)
{
  if (PQgetisnull (result, row, col))
    return NULL;
  return g_strdup (PQgetvalue (result, row, col));
}

gboolean
kasir_pg_is_null (const PGresult *result,
                  int             row,
                  int             col)
{
  return PQgetisnull (result, row, col);
}

JsonNode *
kasir_pg_text_to_node (const char *text)
{
  return text != NULL ? json_from_string (text, NULL) : NULL;
}

gboolean
kasir_pg_exec_plain (KasirPgStore  *self,
            const char    *sql,
            GError       **error)
{
  PGresult *r = PQexec (self->conn, sql);
  ExecStatusType status = PQresultStatus (r);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok)
    kasir_pg_set_error (self, r, error);
  PQclear (r);
  return ok;
}

gboolean
kasir_pg_begin_with (KasirPgStore  *self,
                     const char    *sql,
                     GError       **error)
{
  reconnect_if_lost (self);
  self->changes_pending = FALSE;
  self->in_transaction = kasir_pg_exec_plain (self, sql, error);
  return self->in_transaction;
}

gboolean
kasir_pg_begin (KasirPgStore  *self,
                GError       **error)
{
  return kasir_pg_begin_with (self, "BEGIN", error);
}

gboolean
kasir_pg_begin_pipelined (KasirPgStore  *self,
                          GError       **error)
{
  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_pg_pipeline_enter (self, error))
    {
      kasir_pg_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Any number, the same in every process: it names the change-log numbering lock (see
 * kasir-server-store-pg-tx.c for why numbers are given at commit). */
#define CHANGE_LOG_LOCK 4616

gboolean
kasir_pg_commit (KasirPgStore  *self,
                 GError       **error)
{
  gboolean gathered = kasir_pg_bulk_has_change_log (self);

  /* The other gathered rows first: the lock is held as briefly as it can be. */
  if (!kasir_pg_bulk_flush (self, FALSE, error))
    return FALSE;
  if ((self->changes_pending || gathered)
      && !kasir_pg_run (self, error, "SELECT pg_advisory_xact_lock (" G_STRINGIFY (CHANGE_LOG_LOCK) ")", NULL))
    return FALSE;
  /* Rows written unnumbered: the numbering and the new head in one statement, so that a
   * pipelined commit is one round trip; planned each time, so that it finds the
   * unnumbered rows through their index however small the log was when a plan was
   * first made. */
  if (self->changes_pending
      && !kasir_pg_run_texts (self, error, TRUE,
                              "WITH n AS (UPDATE change_log SET seq = nextval ('change_seq') "
                              "WHERE seq IS NULL RETURNING seq) UPDATE meta SET value = "
                              "(SELECT MAX(seq) FROM n)::text WHERE key = 'head' AND EXISTS (SELECT 1 FROM n)",
                              0, NULL))
    return FALSE;
  /* Rows gathered: written once, numbered (after the rows above, so with higher numbers). */
  if (gathered && !kasir_pg_bulk_write_numbered_log (self, error))
    return FALSE;
  self->changes_pending = FALSE;
  if (self->pipelined)
    {
      if (!kasir_pg_run (self, error, "COMMIT", NULL) || !kasir_pg_pipeline_leave (self, error))
        return FALSE;
    }
  else if (!kasir_pg_exec_plain (self, "COMMIT", error))
    return FALSE;
  self->in_transaction = FALSE;
  return TRUE;
}

void
kasir_pg_rollback (KasirPgStore *self)
{
  kasir_pg_bulk_discard (self);
  self->changes_pending = FALSE;
  self->in_transaction = FALSE;
  /* Whatever is pending is answered (or aborted) first; only then can the pipeline end. */
  if (self->pipelined)
    kasir_pg_pipeline_leave (self, NULL);
  if (PQstatus (self->conn) == CONNECTION_OK && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
}

/* ---- Change log, audit and entities ---- */

/* The entity's row of the change log, numbered when the transaction commits
 * (kasir_pg_commit): in a pipelined transaction it waits for the commit and is written
 * then, once, with its number; otherwise it is written now unnumbered. The row of an entity changed earlier is taken over (it
 * is keyed by its outlet, and an entity never changes outlet), so the log holds each
 * entity once, at the number of its latest change. */
gboolean
kasir_pg_log_change (KasirPgStore  *self,
                     const char    *entity,
                     const char    *entity_id,
                     gint64         outlet_id,
                     gboolean       deleted,
                     GError       **error)
{
  if (self->pipelined)
    {
      kasir_pg_bulk_add (self, KASIR_PG_BULK_CHANGE_LOG, "ittti", outlet_id, entity, entity_id,
                         deleted ? "del" : "put", kasir_pg_now_unix ());
      return TRUE;
    }
  self->changes_pending = TRUE;
  return kasir_pg_run (self, error,
                       "INSERT INTO change_log (entity, entity_id, seq, outlet_id, op, changed_at) "
                       "VALUES (?, ?, NULL, ?, ?, ?) ON CONFLICT (outlet_id, entity, entity_id) DO UPDATE SET "
                       "seq = NULL, op = EXCLUDED.op, "
                       "changed_at = EXCLUDED.changed_at", "ttiti", entity, entity_id, outlet_id,
                       deleted ? "del" : "put", kasir_pg_now_unix ());
}

gboolean
kasir_pg_audit (KasirPgStore  *self,
                const char    *actor,
                const char    *action,
                const char    *detail,
                GError       **error)
{
  return kasir_pg_run (self, error, "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                       "ittt", kasir_pg_now_unix (), actor, action, detail);
}


KasirProduct *
kasir_pg_product_from_row (const PGresult *r,
                           int             row,
                           int             c)
{
  KasirProduct *p = kasir_product_new ();

  p->id = kasir_pg_int (r, row, c + 0);
  p->sku = kasir_pg_dup (r, row, c + 1);
  p->barcode = kasir_pg_dup (r, row, c + 2);
  p->name = kasir_pg_dup (r, row, c + 3);
  p->price = kasir_pg_int (r, row, c + 4);
  p->price_version = kasir_pg_int (r, row, c + 5);
  p->tax_rate_bp = (guint) kasir_pg_int (r, row, c + 6);
  p->category_id = kasir_pg_int (r, row, c + 7);
  p->archived = kasir_pg_int (r, row, c + 8) != 0;
  p->version = kasir_pg_int (r, row, c + 9);
  p->unit = kasir_pg_dup (r, row, c + 10);
  p->track_stock = kasir_pg_int (r, row, c + 11) != 0;
  p->low_stock = kasir_pg_int (r, row, c + 12);
  return p;
}

/* NULL with no error when there is no such product. */
KasirProduct *
kasir_pg_load_product (KasirPgStore  *self,
                       gint64         id,
                       GError       **error)
{
  PGresult *r = kasir_pg_query (self, error, "SELECT " KASIR_PG_PRODUCT_COLUMNS " FROM products WHERE id = ?", "i", id);
  KasirProduct *p = NULL;

  if (r == NULL)
    return NULL;
  if (PQntuples (r) > 0)
    p = kasir_pg_product_from_row (r, 0, 0);
  PQclear (r);
  return p;
}

KasirCustomer *
kasir_pg_load_customer (KasirPgStore  *self,
                        gint64         id,
                        gint64        *outlet_id,
                        gboolean       for_update,
                        GError       **error)
{
  PGresult *r = for_update
    ? kasir_pg_query (self, error, "SELECT id, name, phone, email, loyalty_points, version, outlet_id, "
                      "member_code, client_id FROM customers WHERE id = ? FOR UPDATE", "i", id)
    : kasir_pg_query (self, error, "SELECT id, name, phone, email, loyalty_points, version, outlet_id, "
                      "member_code, client_id FROM customers WHERE id = ?", "i", id);
  KasirCustomer *c = NULL;

  if (r == NULL)
    return NULL;
  if (PQntuples (r) > 0)
    {
      c = kasir_customer_new ();
      c->id = kasir_pg_int (r, 0, 0);
      c->name = kasir_pg_dup (r, 0, 1);
      c->phone = kasir_pg_dup (r, 0, 2);
      c->email = kasir_pg_dup (r, 0, 3);
      c->loyalty_points = kasir_pg_int (r, 0, 4);
      c->version = kasir_pg_int (r, 0, 5);
      if (outlet_id != NULL)
        *outlet_id = kasir_pg_int (r, 0, 6);
      c->member_code = kasir_pg_dup (r, 0, 7);
      c->client_id = kasir_pg_dup (r, 0, 8);
    }
  PQclear (r);
  return c;
}

