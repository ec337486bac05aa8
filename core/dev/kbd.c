// The PS/2 keyboard: scan code set 1 translated to ASCII for the console.
#include "core/core.h"

#define KBSTATP   0x64    // kbd controller status port(I)
#define KBS_DIB   0x01    // kbd data in buffer
#define KBDATAP   0x60    // kbd data port(I)

#define SHIFT     (1<<0)
#define CTL       (1<<1)
#define ALT       (1<<2)
#define CAPSLOCK  (1<<3)
#define E0ESC     (1<<6)

// Special keys' codes, above ASCII.
#define KEY_HOME  0xE0
#define KEY_END   0xE1
#define KEY_UP    0xE2
#define KEY_DN    0xE3
#define KEY_LF    0xE4
#define KEY_RT    0xE5
#define KEY_PGUP  0xE6
#define KEY_PGDN  0xE7
#define KEY_INS   0xE8
#define KEY_DEL   0xE9

#define C(x) ((x) - '@')  // control-x

// Modifier keys: held (shiftcode) or toggled (togglecode).
static const uchar shiftcode[256] = {
  [0x1D] = CTL, [0x2A] = SHIFT, [0x36] = SHIFT, [0x38] = ALT,
  [0x9D] = CTL, [0xB8] = ALT,
};

static const uchar togglecode[256] = {
  [0x3A] = CAPSLOCK,
};

// Scan codes 0x00-0x39 in key order, unshifted and shifted.
static const char plain[] =
  "\0\x1b" "1234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[] =
  "\0\x1b" "!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

// Keys that arrive after an 0xE0 escape.
static uchar
escaped(uint data)
{
  switch(data){
  case 0x9C: return '\n';      // keypad enter
  case 0xB5: return '/';       // keypad /
  case 0xC8: return KEY_UP;
  case 0xD0: return KEY_DN;
  case 0xCB: return KEY_LF;
  case 0xCD: return KEY_RT;
  case 0xC7: return KEY_HOME;
  case 0xCF: return KEY_END;
  case 0xC9: return KEY_PGUP;
  case 0xD1: return KEY_PGDN;
  case 0xD2: return KEY_INS;
  case 0xD3: return KEY_DEL;
  }
  return 0;
}

// Translate one key press under the current modifiers.
static int
translate(uint data, uint shift)
{
  int c;

  if(shift & E0ESC)
    return escaped(data | 0x80);
  if(data >= sizeof(plain) - 1)
    return 0;
  c = (shift & SHIFT) ? shifted[data] : plain[data];
  if(shift & CTL){
    if(c >= 'a' && c <= 'z')
      return C(c - 'a' + 'A');
    if(c >= '@' && c <= '_')
      return C(c);
    return 0;
  }
  if(shift & CAPSLOCK){
    if('a' <= c && c <= 'z')
      c += 'A' - 'a';
    else if('A' <= c && c <= 'Z')
      c += 'a' - 'A';
  }
  return c;
}

// The next character typed, 0 for a key that makes none, -1 if none.
static int
kbdgetc(void)
{
  static uint shift;
  uint st, data;
  int c;

  st = inb(KBSTATP);
  if((st & KBS_DIB) == 0)
    return -1;
  data = inb(KBDATAP);

  if(data == 0xE0){
    shift |= E0ESC;
    return 0;
  } else if(data & 0x80){
    // Key released.
    data = (shift & E0ESC ? data : data & 0x7F);
    shift &= ~(shiftcode[data] | E0ESC);
    return 0;
  } else if(shift & E0ESC){
    data |= 0x80;
  }

  shift |= shiftcode[data];
  shift ^= togglecode[data];
  if(shiftcode[data] || togglecode[data])
    return 0;
  c = translate(data & 0x7F, shift);
  shift &= ~E0ESC;
  return c;
}

// Keyboard interrupt: hand the typed characters to the console.
void
kbdintr(void)
{
  consoleintr(kbdgetc);
}
