package constexpr

// Impedance is a complex constant of the package.
const Impedance = 3 + 4i

// Resistance is the real part of Impedance, a constant.
const Resistance = real(Impedance)

// Phasor is a complex type of the package.
type Phasor complex64

// Parts returns parts of constants of the package: yaegi failed to
// compile real and imag of constants, so the import failed.
func Parts() (float64, float32, float32, float64) {
	var reactance float32 = imag(Impedance)
	const p Phasor = 1 - 2i
	return real(Impedance) * 2, reactance, imag(p), Resistance
}
