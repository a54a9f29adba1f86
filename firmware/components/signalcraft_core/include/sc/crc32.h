#ifndef SC_CRC32_H
#define SC_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * CRC-32/ISO-HDLC (zlib's crc32), with the calling convention of the ESP32 ROM's
 * esp_rom_crc32_le: pass 0 to start, or a previous result to continue. On the chip the board
 * component may link the ROM function in instead (board/src/crc32_rom.c).
 */
uint32_t sc_crc32_le(uint32_t crc, const uint8_t *buf, size_t len);

#endif
