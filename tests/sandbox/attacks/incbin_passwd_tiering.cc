// expect: rejected -- inline-asm
// interface: tiering/rank
// Attack: file-scope asm(\".incbin\") makes the assembler read /etc/passwd into the object at compile time.
asm(".section .rodata\n.globl stolen\nstolen: .incbin \"/etc/passwd\"\n.byte 0\n.text");
double crucible_tier_score(const TierPage* page, const TierState* state) {
  return page->ewma[0];
}
