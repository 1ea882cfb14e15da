/*
 * printf-style formatting without a C library (see format.h).
 */
#include <stdbool.h>
#include "format.h"

struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

/* Length of @s, at most @max when @max is not negative. */
static size_t string_length(const char *s, int max)
{
	size_t n = 0;

	while (s[n] && (max < 0 || n < (size_t)max))
		n++;
	return n;
}

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_padded(struct outbuf *o, const char *s, size_t n, int width,
		       bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			out_char(o, pad);
	while (n--)
		out_char(o, *s++);
	if (left)
		while (fill-- > 0)
			out_char(o, ' ');
}

static void out_number(struct outbuf *o, unsigned long long v, int base,
		       bool negative, int width, bool left, char pad, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v);
	if (negative) {
		if (pad == '0') {
			out_char(o, '-');
			width--;
		} else {
			tmp[--i] = '-';
		}
	}
	out_padded(o, tmp + i, sizeof(tmp) - i, width, left, pad);
}

static unsigned long long fetch_unsigned(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, unsigned long long);
	if (lng == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static long long fetch_signed(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, long long);
	if (lng == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct outbuf o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, ap_in);
	for (; *fmt; fmt++) {
		bool left = false, alt = false;
		char pad = ' ';
		int width = 0, prec = -1, lng = 0;

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = fetch_signed(&ap, lng);

			out_number(&o, v < 0 ? -(unsigned long long)v :
				   (unsigned long long)v, 10,
				   v < 0, width, left, pad, false);
			break;
		}
		case 'u':
			out_number(&o, fetch_unsigned(&ap, lng), 10, false,
				   width, left, pad, false);
			break;
		case 'x':
		case 'X':
			if (alt) {
				out_char(&o, '0');
				out_char(&o, *fmt);
			}
			out_number(&o, fetch_unsigned(&ap, lng), 16, false,
				   width, left, pad, *fmt == 'X');
			break;
		case 'p':
			out_char(&o, '0');
			out_char(&o, 'x');
			out_number(&o, (unsigned long)va_arg(ap, void *), 16,
				   false, 16, false, '0', false);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			out_padded(&o, s, string_length(s, prec), width, left,
				   ' ');
			break;
		}
		case 'c':
			out_char(&o, (char)va_arg(ap, int));
			break;
		case '%':
			out_char(&o, '%');
			break;
		default:
			out_char(&o, '%');
			if (!*fmt)
				goto done;
			out_char(&o, *fmt);
		}
	}
done:
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

