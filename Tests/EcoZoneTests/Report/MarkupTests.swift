import Testing
@testable import EcoZone

@Suite struct MarkupTests {
    @Test func escapesTheFiveCharacters() {
        #expect(Markup.escape(#"a & b < c > "d" 'e'"#) == "a &amp; b &lt; c &gt; &quot;d&quot; &#39;e&#39;")
        #expect(Markup.escape("&amp;") == "&amp;amp;")
        #expect(Markup.escape("生态保护红线") == "生态保护红线")
    }

    @Test func dropsControlCharactersXMLForbids() {
        #expect(Markup.escape("a\u{0}b\u{1F}c\td\ne") == "abc\td\ne")
    }

    @Test func pixelsAreRoundedToATenth() {
        #expect(Markup.pixel(12.345) == "12.3")
        #expect(Markup.pixel(12.35000001) == "12.4")
        #expect(Markup.pixel(-4.04) == "-4")
        #expect(Markup.pixel(-0.04) == "0")
        #expect(Markup.pixel(7) == "7")
        #expect(Markup.pixel(-0.25) == "-0.3")  // .rounded() is half away from zero
        // Never a trap: NaN as 0, infinities and huge values clamped to ±1e9 px.
        #expect(Markup.pixel(.nan) == "0")
        #expect(Markup.pixel(.infinity) == "1000000000")
        #expect(Markup.pixel(-1e300) == "-1000000000")
    }

    @Test func roundScaleLengths() {
        #expect(ScaleBar.roundLength(atMost: 625.4) == 500)
        #expect(ScaleBar.roundLength(atMost: 175) == 100)
        #expect(ScaleBar.roundLength(atMost: 2000) == 2000)
        #expect(ScaleBar.roundLength(atMost: 1999) == 1000)
        #expect(ScaleBar.roundLength(atMost: 4999) == 2000)
        #expect(abs(ScaleBar.roundLength(atMost: 0.3) - 0.2) < 1e-12)
        let bar = ScaleBar(pixelsPerMetre: 0.01, maxPixels: 175)  // 17 500 m fit → 10 km
        #expect(bar.metres == 10_000 && bar.pixels == 100 && bar.unit == "千米" && bar.number(bar.metres) == "10")
        #expect(bar.number(5_000) == "5")
    }

    @Test func heatNumbersReadFromFormattedCells() {
        #expect(HeatScale.number("1,234.5") == 1234.5)
        #expect(HeatScale.number("−0.15 %") == -0.15)
        #expect(HeatScale.number("+2.71") == 2.71)
        #expect(HeatScale.number("12 km²") == 12)
        #expect(HeatScale.number("—") == nil)
        #expect(HeatScale.number("") == nil)
    }

    /// A straight edge sampled every 0.01 px keeps only its corners: the collinear samples fall
    /// within the 0.3 px tolerance and the 0.5 px step.
    @Test func simplifiesToThePixelScale() {
        var ring: [MapPoint] = []
        for i in 0..<10_000 { ring.append(MapPoint(x: Double(i) * 0.01, y: 0)) }
        for i in 0..<10_000 { ring.append(MapPoint(x: 100, y: Double(i) * 0.01)) }
        for i in 0..<10_000 { ring.append(MapPoint(x: 100 - Double(i) * 0.01, y: 100)) }
        for i in 0..<10_000 { ring.append(MapPoint(x: 0, y: 100 - Double(i) * 0.01)) }
        ring.append(ring[0])
        let s = PixelSimplifier.ring(ring)
        #expect(s.count == 4)
        #expect(Set(s.map { "\(Int($0.x.rounded())),\(Int($0.y.rounded()))" }) == ["0,0", "100,0", "100,100", "0,100"])
        // A ring smaller than a pixel disappears; a line keeps its end points.
        #expect(PixelSimplifier.ring([MapPoint(x: 0, y: 0), MapPoint(x: 0.2, y: 0), MapPoint(x: 0.2, y: 0.2), MapPoint(x: 0, y: 0)]).isEmpty)
        let line = PixelSimplifier.line((0...100).map { MapPoint(x: Double($0) * 0.1, y: 0) })
        #expect(line == [MapPoint(x: 0, y: 0), MapPoint(x: 10, y: 0)])
    }
}
