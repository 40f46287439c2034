/* kasir-shift-report.c — report text and printing through GtkPrintOperation.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-payment-method.h"
#include "kasir-money.h"
#include "kasir-shift-report.h"
#include "kasir-ui-format.h"

#define REPORT_WIDTH 40

static void
append_row (GString    *out,
            const char *label,
            const char *value)
{
  glong used = g_utf8_strlen (label, -1) + g_utf8_strlen (value, -1);

  g_string_append (out, label);
  for (glong i = used; i < REPORT_WIDTH - 1; i++)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ' ');
  g_string_append (out, value);
  g_string_append_c (out, '\n');
}

static void
append_money (GString             *out,
              const char          *label,
              KasirMoney           amount,
              const KasirCurrency *currency,
              KasirNumberFormat   *format)
{
  g_autofree char *value = kasir_money_format (amount, currency, format);

  append_row (out, label, value);
}

static KasirMoney
amount_for (GPtrArray          *payments,
            KasirPaymentMethod  method)
{
  if (payments == NULL)
    return 0;
  for (guint i = 0; i < payments->len; i++)
    {
      KasirPayment *p = payments->pdata[i];

      if (p->method == method)
        return p->amount;
    }

  return 0;
}

/* The cash the drawer should hold, from its parts, so that a person can check the sum:
 * opening float + cash taken - change given + pay-ins - pay-outs - cash refunded. */
static void
append_drawer (GString                 *out,
               const KasirShift        *shift,
               const KasirShiftSummary *summary,
               GPtrArray               *expected,
               const KasirCurrency     *currency,
               KasirNumberFormat       *format)
{
  g_autofree char *pay_ins = NULL;
  g_autofree char *pay_outs = NULL;

  pay_ins = g_strdup_printf (_("+ Pay-ins (%" PRId64 ")"), summary->pay_in_count);
  pay_outs = g_strdup_printf (_("− Pay-outs (%" PRId64 ")"), summary->pay_out_count);

  g_string_append_printf (out, "\n%s\n", _("Cash in the drawer"));
  append_money (out, _("Opening float"), shift->opening_float, currency, format);
  append_money (out, _("+ Cash taken"), amount_for (summary->taken, KASIR_PAYMENT_CASH),
                currency, format);
  append_money (out, _("− Change given"), summary->change, currency, format);
  append_money (out, pay_ins, summary->paid_in, currency, format);
  append_money (out, pay_outs, summary->paid_out, currency, format);
  append_money (out, _("− Cash refunded"), summary->refunded_cash, currency, format);
  append_money (out, _("= Expected cash"), amount_for (expected, KASIR_PAYMENT_CASH),
                currency, format);
}

static void
append_methods (GString             *out,
                const char          *heading,
                GPtrArray           *payments,
                GPtrArray           *minus,
                const KasirCurrency *currency,
                KasirNumberFormat   *format)
{
  g_string_append_printf (out, "\n%s\n", heading);
  for (guint i = 0; i < KASIR_N_PAYMENT_METHODS; i++)
    {
      KasirPaymentMethod m = kasir_payment_method_nth (i);
      KasirMoney amount = amount_for (payments, m) - (minus != NULL ? amount_for (minus, m) : 0);

      append_money (out, kasir_payment_method_label (m), amount, currency, format);
    }
}

char *
kasir_shift_report_build_text (KasirShiftReportKind     kind,
                               const KasirShift        *shift,
                               const char              *staff_name,
                               const KasirShiftSummary *summary,
                               GPtrArray               *expected,
                               GPtrArray               *counted,
                               const char              *currency_code)
{
  const KasirCurrency *currency = kasir_currency_lookup (currency_code);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *count = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *closed = NULL;
  KasirNumberFormat format;

  g_return_val_if_fail (shift != NULL, NULL);
  g_return_val_if_fail (summary != NULL, NULL);

  kasir_number_format_current (&format);

  g_string_append_printf (out, "%s\n", kind == KASIR_SHIFT_REPORT_Z
                          ? _("Z REPORT — SHIFT CLOSED") : _("X REPORT — SHIFT SO FAR"));
  for (int i = 0; i < REPORT_WIDTH; i++)
    g_string_append_c (out, '=');
  g_string_append_c (out, '\n');
  /* People read the cashier and the local times; the shift's id means nothing to them. */
  append_row (out, _("Cashier"), staff_name != NULL ? staff_name : "—");
  opened = kasir_ui_format_time (shift->opened_at);
  append_row (out, _("Opened"), opened);
  if (shift->closed_at != NULL)
    {
      closed = kasir_ui_format_time (shift->closed_at);
      append_row (out, _("Closed"), closed);
    }
  count = g_strdup_printf ("%" G_GINT64_FORMAT, summary->sale_count);
  append_row (out, _("Sales"), count);
  append_money (out, _("Total sold"), summary->total, currency, &format);
  append_money (out, _("Tax"), summary->tax, currency, &format);
  append_money (out, _("Discounts"), summary->discount, currency, &format);
  append_money (out, _("Opening float"), shift->opening_float, currency, &format);
  append_money (out, _("Change given"), summary->change, currency, &format);
  if (summary->refund_count > 0)
    {
      g_autofree char *refunds = g_strdup_printf ("%" G_GINT64_FORMAT, summary->refund_count);

      append_row (out, _("Refunds"), refunds);
      append_money (out, _("Given back"), summary->refunded, currency, &format);
    }

  append_methods (out, _("Taken"), summary->taken, NULL, currency, &format);
  append_drawer (out, shift, summary, expected, currency, &format);
  append_methods (out, _("Expected in the drawer"), expected, NULL, currency, &format);
  if (counted != NULL)
    {
      append_methods (out, _("Counted"), counted, NULL, currency, &format);
      append_methods (out, _("Difference: over (+) / short (−)"), counted, expected, currency, &format);
    }

  if (summary->unsynced_sales > 0)
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%" PRId64 " sale of this shift has not "
                                           "reached the server yet.",
                                           "%" PRId64 " sales of this shift have not "
                                           "reached the server yet.",
                                           summary->unsynced_sales),
                              summary->unsynced_sales);
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  char        *text;
  PangoLayout *layout;
  GArray      *page_breaks; /* line index where each page starts */
} PrintData;

static void
print_data_free (PrintData *data)
{
  g_free (data->text);
  g_clear_object (&data->layout);
  g_clear_pointer (&data->page_breaks, g_array_unref);
  g_free (data);
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintData         *data)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Monospace 10");
  double page_height = gtk_print_context_get_height (context);
  double used = 0;
  int lines;

  data->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (data->layout, font);
  pango_layout_set_width (data->layout,
                          (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (data->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (data->layout, data->text, -1);

  /* Break pages between lines so no line is cut in half. */
  data->page_breaks = g_array_new (FALSE, FALSE, sizeof (int));
  lines = pango_layout_get_line_count (data->layout);
  g_array_append_val (data->page_breaks, (int){ 0 });
  for (int i = 0; i < lines; i++)
    {
      PangoRectangle logical;

      pango_layout_line_get_extents (pango_layout_get_line_readonly (data->layout, i),
                                     NULL, &logical);
      if (used + logical.height / (double) PANGO_SCALE > page_height && i > 0)
        {
          g_array_append_val (data->page_breaks, i);
          used = 0;
        }
      used += logical.height / (double) PANGO_SCALE;
    }
  gtk_print_operation_set_n_pages (operation, data->page_breaks->len);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintData         *data)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = g_array_index (data->page_breaks, int, page_nr);
  int last = (guint) page_nr + 1 < data->page_breaks->len
             ? g_array_index (data->page_breaks, int, page_nr + 1)
             : pango_layout_get_line_count (data->layout);
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int i = first; i < last; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (data->layout, i);
      PangoRectangle logical;
      int baseline;

      pango_layout_line_get_extents (line, NULL, &logical);
      baseline = -logical.y;
      cairo_move_to (cr, 0, y + baseline / (double) PANGO_SCALE);
      pango_cairo_show_layout_line (cr, line);
      y += logical.height / (double) PANGO_SCALE;
    }
}

gboolean
kasir_shift_report_print (GtkWindow   *parent,
                          const char  *text,
                          const char  *pdf_path,
                          GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  GtkPrintOperationResult result;
  PrintData *data;

  g_return_val_if_fail (text != NULL, FALSE);

  data = g_new0 (PrintData, 1);
  data->text = g_strdup (text);
  /* The data lives as long as the operation: the draw-page handler frees it. */
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), data);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page), data,
                         (GClosureNotify) print_data_free, 0);
  gtk_print_operation_set_job_name (operation, _("Shift report"));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  if (pdf_path != NULL)
    gtk_print_operation_set_export_filename (operation, pdf_path);
  result = gtk_print_operation_run (operation,
                                    pdf_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                     : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, error);

  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
