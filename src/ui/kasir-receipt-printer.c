/* kasir-receipt-printer.c — a sale's receipt as text and on paper.
 *
 * A receipt is laid out as fixed-width text, the way roll printers print it, and drawn
 * with Pango in a monospace font sized so the line length fills the paper. A roll is one
 * long page as tall as the receipt; A4 is paginated.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kasir-payment-method.h"
#include "kasir-order-type.h"
#include "kasir-receipt-printer.h"
#include "kasir-receipt-barcode.h"
#include "kasir-receipt-layout.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

/* Margins on paper, in millimetres. Roll printers print almost to the edge. */
#define ROLL_MARGIN_MM 3.0
#define A4_MARGIN_MM 20.0
#define LINE_SPACING 1.15
#define MM_PER_POINT (25.4 / 72.0)
#define BARCODE_HEIGHT_MM 10.0

guint
kasir_receipt_width_columns (KasirReceiptWidth width)
{
  switch (width)
    {
    case KASIR_RECEIPT_WIDTH_58MM:
      return 32;
    case KASIR_RECEIPT_WIDTH_80MM:
      return 42;
    case KASIR_RECEIPT_WIDTH_A4:
    default:
      return 72;
    }
}

static void
append_money (GString    *out,
              const char *label,
              KasirMoney  amount,
              const char *currency,
              guint       columns)
{
  g_autofree char *text = kasir_ui_money_format (amount, currency);

  kasir_receipt_layout_pair (out, label, text, columns);
}

/* A member's points: those that paid (the payment line above shows their money) and
 * those this sale earned. */
static void
append_points (GString         *out,
               const KasirSale *sale,
               guint            columns)
{
  char number[32];

  if (sale->loyalty_redeemed > 0)
    {
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, sale->loyalty_redeemed);
      kasir_receipt_layout_pair (out, _("Points redeemed"), number, columns);
    }
  if (sale->loyalty_earned > 0)
    {
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, sale->loyalty_earned);
      kasir_receipt_layout_pair (out, _("Points earned"), number, columns);
    }
  if (sale->loyalty_redeemed > 0 || sale->loyalty_earned > 0)
    kasir_receipt_layout_rule (out, columns);
}

char *
kasir_receipt_build_text (const KasirSale           *sale,
                          const KasirReceiptOptions *options,
                          guint                      columns)
{
  GString *out = g_string_new (NULL);
  g_autofree char *when = NULL;
  g_autofree char *receipt = NULL;

  g_return_val_if_fail (sale != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  columns = MAX (columns, 24);

  if (options->header != NULL && options->header[0] != '\0')
    kasir_receipt_layout_centered (out, options->header, columns);

  /* Translators: the receipt number on a receipt, e.g. "Receipt 7-000123". */
  receipt = g_strdup_printf (_("Receipt %s"), sale->receipt_no != NULL ? sale->receipt_no : "");
  when = kasir_ui_format_time (sale->created_at);
  kasir_receipt_layout_pair (out, receipt, when, columns);
  if (options->cashier != NULL || options->till != NULL)
    /* Translators: who sold and on which till, on a receipt. */
    kasir_receipt_layout_pair (out, options->cashier != NULL ? options->cashier : "",
                 options->till != NULL ? options->till : "", columns);
  if (sale->order_type != NULL)
    {
      /* Translators: a dine-in table or a delivery's reference, e.g. "Table 4". */
      g_autofree char *ref = sale->order_ref != NULL
        ? g_strdup_printf (_("%s %s"), kasir_order_ref_label (sale->order_type), sale->order_ref)
        : NULL;

      kasir_receipt_layout_pair (out, kasir_order_type_label (sale->order_type), ref != NULL ? ref : "", columns);
    }
  if (sale->open_order_id != NULL)
    {
      /* The open order it paid, by the start of its id (as its VOID ticket names it). */
      g_autofree char *order = g_strndup (sale->open_order_id, 8);

      /* Translators: on a receipt, the open order the sale paid. */
      kasir_receipt_layout_pair (out, _("Open order"), order, columns);
    }
  if (options->customer != NULL)
    /* Translators: the member a sale was made to, on a receipt. */
    kasir_receipt_layout_pair (out, _("Member"), options->customer, columns);
  kasir_receipt_layout_rule (out, columns);

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *line = g_ptr_array_index (sale->lines, i);
      g_autofree char *unit = kasir_ui_money_format (line->unit_price, sale->currency);
      g_autofree char *qty_price = NULL;
      g_autofree char *total = kasir_ui_money_format (line->total, sale->currency);

      g_string_append (out, line->name != NULL ? line->name : "");
      g_string_append_c (out, '\n');
      kasir_receipt_layout_options (out, line, sale->currency, columns);
      /* Translators: quantity times unit price on a receipt line, e.g. "2 x Rp 15.000". */
      qty_price = g_strdup_printf (_("  %" PRId64 " x %s"), line->qty, unit);
      if (line->discount > 0)
        {
          g_autofree char *gross = NULL;
          KasirMoney gross_amount = line->total + line->discount;
          g_autofree char *off = kasir_ui_money_format (-line->discount, sale->currency);

          gross = kasir_ui_money_format (gross_amount, sale->currency);
          kasir_receipt_layout_pair (out, qty_price, gross, columns);
          kasir_receipt_layout_pair (out, _("  Discount"), off, columns);
        }
      else
        kasir_receipt_layout_pair (out, qty_price, total, columns);
    }
  kasir_receipt_layout_rule (out, columns);

  append_money (out, _("Subtotal"), sale->subtotal, sale->currency, columns);
  if (sale->discount > 0)
    append_money (out, _("Sale discount (in lines)"), -sale->discount, sale->currency, columns);
  if (sale->fee > 0)
    append_money (out, _("Fee"), sale->fee, sale->currency, columns);
  append_money (out, sale->tax_inclusive ? _("Tax (included)") : _("Tax"),
                sale->tax, sale->currency, columns);
  append_money (out, _("TOTAL"), sale->total, sale->currency, columns);
  kasir_receipt_layout_rule (out, columns);

  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *payment = g_ptr_array_index (sale->payments, i);

      append_money (out, kasir_payment_method_label (payment->method), payment->amount, sale->currency, columns);
    }
  append_money (out, _("Change"), sale->change, sale->currency, columns);
  kasir_receipt_layout_rule (out, columns);
  append_points (out, sale, columns);

  /* An offline sale is valid and final; the note only tells the customer that the
   * shop's server has not seen it yet. */
  kasir_receipt_layout_centered (out, options->synced ? _("Synced") : _("Offline — will sync"), columns);

  if (options->footer != NULL && options->footer[0] != '\0')
    {
      g_string_append_c (out, '\n');
      kasir_receipt_layout_centered (out, options->footer, columns);
    }

  /* No trailing newline: Pango would count an empty last line. */
  if (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

struct _KasirReceiptPrinter
{
  GObject            parent_instance;

  KasirReceiptWidth  width;
  char              *text;
  char              *barcode;   /* the receipt number's digits, or NULL */
  char             **lines;
  guint              n_lines;
  guint              columns;   /* characters a line holds: fewer is larger type */
  char              *settings_name; /* the printer choice kept under this name */
  char              *job_name;

  /* Set in begin-print. */
  double             font_size;
  guint              lines_per_page;
  guint              n_pages;
};

G_DEFINE_FINAL_TYPE (KasirReceiptPrinter, kasir_receipt_printer, G_TYPE_OBJECT)

static void
kasir_receipt_printer_finalize (GObject *object)
{
  KasirReceiptPrinter *self = KASIR_RECEIPT_PRINTER (object);

  g_free (self->text);
  g_free (self->barcode);
  g_strfreev (self->lines);
  g_free (self->settings_name);
  g_free (self->job_name);

  G_OBJECT_CLASS (kasir_receipt_printer_parent_class)->finalize (object);
}

static void
kasir_receipt_printer_class_init (KasirReceiptPrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_receipt_printer_finalize;
}

static void
kasir_receipt_printer_init (KasirReceiptPrinter *self)
{
}

KasirReceiptPrinter *
kasir_receipt_printer_new (const KasirSale           *sale,
                           const KasirReceiptOptions *options,
                           KasirReceiptWidth          width)
{
  KasirReceiptPrinter *self;

  g_return_val_if_fail (sale != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (KASIR_TYPE_RECEIPT_PRINTER, NULL);
  self->width = width;
  self->text = kasir_receipt_build_text (sale, options, kasir_receipt_width_columns (width));
  self->lines = g_strsplit (self->text, "\n", -1);
  self->n_lines = g_strv_length (self->lines);
  self->barcode = kasir_receipt_barcode_digits (sale->receipt_no);
  self->columns = kasir_receipt_width_columns (width);

  return self;
}

KasirReceiptPrinter *
kasir_receipt_printer_new_for_text (const char        *text,
                                    const char        *barcode_digits,
                                    KasirReceiptWidth  width)
{
  KasirReceiptPrinter *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (KASIR_TYPE_RECEIPT_PRINTER, NULL);
  self->width = width;
  self->text = g_strdup (text);
  self->lines = g_strsplit (self->text, "\n", -1);
  self->n_lines = g_strv_length (self->lines);
  self->barcode = g_strdup (barcode_digits);
  self->columns = kasir_receipt_width_columns (width);

  return self;
}

KasirReceiptPrinter *
kasir_receipt_printer_new_for_ticket (const char        *text,
                                      KasirReceiptWidth  width,
                                      guint              columns,
                                      const char        *settings_name,
                                      const char        *job_name)
{
  KasirReceiptPrinter *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (columns > 0, NULL);
  g_return_val_if_fail (settings_name != NULL, NULL);

  self = kasir_receipt_printer_new_for_text (text, NULL, width);
  self->columns = columns;
  self->settings_name = g_strdup (settings_name);
  self->job_name = g_strdup (job_name);

  return self;
}

static double
paper_width_mm (KasirReceiptWidth width)
{
  switch (width)
    {
    case KASIR_RECEIPT_WIDTH_58MM:
      return 58.0;
    case KASIR_RECEIPT_WIDTH_80MM:
      return 80.0;
    case KASIR_RECEIPT_WIDTH_A4:
    default:
      return 210.0;
    }
}

static double
margin_mm (KasirReceiptWidth width)
{
  return width == KASIR_RECEIPT_WIDTH_A4 ? A4_MARGIN_MM : ROLL_MARGIN_MM;
}

/* Monospace glyphs are about 0.6 em wide, so this font size (in points) makes @columns
 * characters fill @width_mm. begin-print measures the real font and corrects it. */
static double
estimate_font_size (double width_mm,
                    guint  columns)
{
  return width_mm / MM_PER_POINT / (columns * 0.6);
}

static GtkPageSetup *
make_page_setup (KasirReceiptPrinter *self)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  double margin = margin_mm (self->width);
  g_autoptr(GtkPaperSize) paper = NULL;

  if (self->width == KASIR_RECEIPT_WIDTH_A4)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    {
      double width = paper_width_mm (self->width);
      double font = estimate_font_size (width - 2 * margin, self->columns);
      double height = 2 * margin + self->n_lines * font * LINE_SPACING * MM_PER_POINT + 10.0 +
                      (self->barcode != NULL ? BARCODE_HEIGHT_MM + 4.0 : 0.0);

      paper = gtk_paper_size_new_custom (self->width == KASIR_RECEIPT_WIDTH_58MM ? "kasir-roll-58" : "kasir-roll-80",
                                         self->width == KASIR_RECEIPT_WIDTH_58MM ? _("Receipt roll 58 mm") : _("Receipt roll 80 mm"),
                                         width, height, GTK_UNIT_MM);
    }

  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_top_margin (setup, margin, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, margin, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, margin, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, margin, GTK_UNIT_MM);

  return setup;
}

static PangoFontDescription *
make_font (double size)
{
  PangoFontDescription *font = pango_font_description_from_string ("Monospace");

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));

  return font;
}

static void
on_begin_print (GtkPrintOperation   *operation,
                GtkPrintContext     *context,
                KasirReceiptPrinter *self)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  guint columns = self->columns;
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autofree char *probe = g_strnfill (columns, 'M');
  PangoFontDescription *font;
  int probe_width, probe_height;

  /* Measure a full line at a reference size and scale the font so it fits exactly. */
  font = make_font (10.0);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, probe, -1);
  pango_layout_get_size (layout, &probe_width, &probe_height);
  pango_font_description_free (font);

  self->font_size = probe_width > 0 ? 10.0 * width / ((double) probe_width / PANGO_SCALE) : 10.0;
  self->font_size = MIN (self->font_size, self->settings_name != NULL ? 24.0 : 12.0);
  self->lines_per_page = MAX (1, (guint) (height / (self->font_size * LINE_SPACING * (double) probe_height / PANGO_SCALE / 10.0)));
  if (self->width != KASIR_RECEIPT_WIDTH_A4)
    self->lines_per_page = MAX (self->lines_per_page, self->n_lines);
  self->n_pages = MAX (1, (self->n_lines + self->lines_per_page - 1) / self->lines_per_page);

  gtk_print_operation_set_n_pages (operation, self->n_pages);
}

static void
on_draw_page (GtkPrintOperation   *operation,
              GtkPrintContext     *context,
              int                  page_nr,
              KasirReceiptPrinter *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *font = make_font (self->font_size);
  GString *page = g_string_new (NULL);
  guint first = page_nr * self->lines_per_page;
  guint last = MIN (self->n_lines, first + self->lines_per_page);

  for (guint i = first; i < last; i++)
    {
      g_string_append (page, self->lines[i]);
      if (i + 1 < last)
        g_string_append_c (page, '\n');
    }

  pango_layout_set_font_description (layout, font);
  pango_layout_set_spacing (layout, (int) (self->font_size * (LINE_SPACING - 1.0) * PANGO_SCALE));
  pango_layout_set_text (layout, page->str, -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);

  /* Under the last line, the receipt number as a barcode: a scan finds the sale again
   * (a refund, a reprint). Two points a module reads well on thermal paper. */
  if (self->barcode != NULL && page_nr + 1 == (int) self->n_pages)
    {
      int layout_height;
      double width = gtk_print_context_get_width (context);
      g_autofree char *modules = kasir_receipt_barcode_modules (self->barcode);
      double module = MIN (2.0, width / (strlen (modules) + 20.0));
      double left = (width - strlen (modules) * module) / 2;

      pango_layout_get_size (layout, NULL, &layout_height);
      kasir_receipt_barcode_draw (cr, self->barcode, left,
                                  (double) layout_height / PANGO_SCALE + 6.0,
                                  module, BARCODE_HEIGHT_MM / MM_PER_POINT);
    }

  pango_font_description_free (font);
  g_string_free (page, TRUE);
}

static char *
settings_path_named (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".ini", NULL);

  return g_build_filename (g_get_user_config_dir (), APP_ID, file, NULL);
}

static GtkPrintSettings *
load_settings_named (const char *name)
{
  g_autofree char *path = settings_path_named (name);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  return gtk_print_settings_new_from_file (path, NULL);
}

GtkPrintSettings *
kasir_receipt_printer_load_settings (void)
{
  return load_settings_named ("receipt-printer");
}

static gboolean
save_settings_named (const char        *name,
                     GtkPrintSettings  *settings,
                     GError           **error)
{
  g_autofree char *path = settings_path_named (name);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  return gtk_print_settings_to_file (settings, path, error);
}

gboolean
kasir_receipt_printer_save_settings (GtkPrintSettings  *settings,
                                     GError           **error)
{
  g_return_val_if_fail (GTK_IS_PRINT_SETTINGS (settings), FALSE);

  return save_settings_named ("receipt-printer", settings, error);
}

static GtkPrintOperation *
make_operation (KasirReceiptPrinter *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = make_page_setup (self);

  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, self->job_name != NULL ? self->job_name : _("Receipt"));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), self);

  return operation;
}

gboolean
kasir_receipt_printer_print (KasirReceiptPrinter  *self,
                             GtkWindow            *parent,
                             GError              **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPrintSettings) remembered = NULL;
  GtkPrintOperationResult result;
  GtkPrintOperationAction action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  const char *name;

  g_return_val_if_fail (KASIR_IS_RECEIPT_PRINTER (self), FALSE);

  name = self->settings_name != NULL ? self->settings_name : "receipt-printer";
  remembered = load_settings_named (name);
  operation = make_operation (self);
  if (remembered != NULL)
    gtk_print_operation_set_print_settings (operation, remembered);
  /* A ticket goes straight to the printer its station printed on last: the kitchen
   * should not wait for a dialog at the till. The first one asks. */
  if (self->settings_name != NULL && remembered != NULL)
    action = GTK_PRINT_OPERATION_ACTION_PRINT;

  result = gtk_print_operation_run (operation, action, parent, error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  /* The printer and paper chosen (a receipt printer, or "Print to File") are this till's
   * choice next time too. */
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_autoptr(GError) local_error = NULL;

      if (!save_settings_named (name, gtk_print_operation_get_print_settings (operation), &local_error))
        g_warning ("Could not keep the printer choice: %s", local_error->message);
    }

  return TRUE;
}

gboolean
kasir_receipt_printer_export_pdf (KasirReceiptPrinter  *self,
                                  const char           *path,
                                  GError              **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (KASIR_IS_RECEIPT_PRINTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = make_operation (self);
  gtk_print_operation_set_export_filename (operation, path);

  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                  NULL, error) == GTK_PRINT_OPERATION_RESULT_APPLY;
}

guint
kasir_receipt_printer_get_n_pages (KasirReceiptPrinter *self)
{
  g_return_val_if_fail (KASIR_IS_RECEIPT_PRINTER (self), 0);

  return self->n_pages;
}
