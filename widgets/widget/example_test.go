package widget_test

import (
	"fmt"
	"sort"

	"github.com/activis-go/activis/widgets/widget"
)

// A model made in Go works locally before any front end shows it: Set
// notifies observers and Get reads the state.
func ExampleNew() {
	counter := widget.New(`export default {
  render({ model, el }) {
    const b = document.createElement("button");
    const show = () => { b.textContent = "count " + model.get("count"); };
    b.onclick = () => { model.set("count", model.get("count") + 1); model.save_changes(); };
    model.on("change:count", show);
    show();
    el.append(b);
  }
}`, map[string]any{"count": 0})
	counter.Observe("count", func(v any) { fmt.Println("count is now", v) })
	counter.Set("count", 1)
	fmt.Println(counter.Get("count"), counter.Get("_model_name"))
	// Output:
	// count is now 1
	// 1 AnyModel
}

// A control panel: a slider and a button in a row. Displayed in a cell
// (display.Display(panel) or as the cell's last value), it opens one comm per
// model, the layout and style models first.
func ExampleNewHBox() {
	reg := newRecorder() // the kernel session's comm registry in a real kernel
	mgr := widget.NewManager(reg)

	size := widget.NewIntSlider("size", 1, 10, 3)
	run := widget.NewButton("run")
	run.OnClick(func() { fmt.Println("run with size", size.Value()) })
	panel := widget.NewHBox(size, run)
	if err := mgr.Add(panel); err != nil {
		fmt.Println(err)
		return
	}
	var names []string
	for _, m := range reg.take() {
		names = append(names, m.Data["state"].(map[string]any)["_model_name"].(string))
	}
	sort.Strings(names[:len(names)-1])
	fmt.Println(names)

	// What the front end sends when the slider moves and the button is clicked.
	reg.front(size.ID(), map[string]any{"method": "update", "state": map[string]any{"value": 7.0}, "buffer_paths": []any{}}, nil)
	reg.front(run.ID(), map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}, nil)
	// Output:
	// [ButtonModel ButtonStyleModel IntSliderModel LayoutModel LayoutModel LayoutModel SliderStyleModel HBoxModel]
	// run with size 7
}

// Numeric slices travel as binary buffers, not JSON lists.
func ExampleModel_Set() {
	reg := newRecorder()
	mgr := widget.NewManager(reg)
	m, _ := mgr.New("", nil)
	reg.take()
	m.Set("weights", []float32{0.5, 1})
	msg := reg.take()[0]
	fmt.Println(msg.Data["method"], msg.Data["state"], msg.Data["buffer_paths"], msg.Buffers)
	// Output:
	// update map[] [[weights]] [[0 0 0 63 0 0 128 63]]
}
