srand(42); my %h; my $s = 0; for my $i (1..64000) { $h{"key$i"} = "v" x 1100; $s += length($h{"key" . (1 + int($i * rand() ** 3))}) if $i % 2 == 0; } print "$s\n";
