package widget

// Module names and versions of the ipywidgets 8 front end
// (@jupyter-widgets/controls 2.0.0, @jupyter-widgets/base 2.0.0).
const (
	ControlsModule  = "@jupyter-widgets/controls"
	BaseModule      = "@jupyter-widgets/base"
	ModulesVersion  = "2.0.0"
	controlsVersion = ModulesVersion
)

// controlSpec is the spec of a controls model name+"Model" with view
// name+"View".
func controlSpec(name string) Spec {
	return Spec{
		ModelModule: ControlsModule, ModelModuleVersion: controlsVersion, ModelName: name + "Model",
		ViewModule: ControlsModule, ViewModuleVersion: controlsVersion, ViewName: name + "View",
	}
}

// NewLayout makes a LayoutModel (@jupyter-widgets/base), which every DOM
// widget refers to; state holds CSS layout keys such as "width".
func NewLayout(state map[string]any) *Model {
	return NewModel(Spec{
		ModelModule: BaseModule, ModelModuleVersion: ModulesVersion, ModelName: "LayoutModel",
		ViewModule: BaseModule, ViewModuleVersion: ModulesVersion, ViewName: "LayoutView",
	}, state)
}

// NewStyle makes a style model of the controls (model is for example
// "SliderStyleModel", "DescriptionStyleModel", "ButtonStyleModel") with the
// base StyleView.
func NewStyle(model string, state map[string]any) *Model {
	return NewModel(Spec{
		ModelModule: ControlsModule, ModelModuleVersion: controlsVersion, ModelName: model,
		ViewModule: BaseModule, ViewModuleVersion: ModulesVersion, ViewName: "StyleView",
	}, state)
}

// domState is the state every DOM widget of ipywidgets 8 has, with its own
// layout and (when style is not "") style models.
func domState(style string, styleState map[string]any) map[string]any {
	st := map[string]any{
		"_dom_classes": []any{},
		"layout":       NewLayout(nil),
		"tabbable":     nil,
		"tooltip":      nil,
	}
	if style != "" {
		st["style"] = NewStyle(style, styleState)
	}
	return st
}

// describedState is domState with a description.
func describedState(description, style string, styleState map[string]any) map[string]any {
	st := domState(style, styleState)
	st["description"] = description
	st["description_allow_html"] = false
	st["disabled"] = false
	return st
}

func with(st map[string]any, kv map[string]any) map[string]any {
	for k, v := range kv {
		st[k] = v
	}
	return st
}

// toInt and toFloat read numeric state values of any Go or JSON type.
func toInt(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case float64:
		return int(x)
	case float32:
		return int(x)
	}
	return 0
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	return 0
}

// IntSlider is an ipywidgets IntSlider.
type IntSlider struct{ *Model }

// NewIntSlider makes a slider over [min, max] by steps of 1 at value.
func NewIntSlider(description string, min, max, value int) *IntSlider {
	st := with(describedState(description, "SliderStyleModel", map[string]any{"description_width": "", "handle_color": nil}), map[string]any{
		"min": min, "max": max, "step": 1, "value": value,
		"behavior": "drag-tap", "continuous_update": true, "orientation": "horizontal",
		"readout": true, "readout_format": "d",
	})
	return &IntSlider{NewModel(controlSpec("IntSlider"), st)}
}

// Value is the slider's value.
func (s *IntSlider) Value() int { return toInt(s.Get("value")) }

// SetValue moves the slider.
func (s *IntSlider) SetValue(v int) { s.Set("value", v) }

// OnChange calls fn with each new value.
func (s *IntSlider) OnChange(fn func(int)) (cancel func()) {
	return s.Observe("value", func(v any) { fn(toInt(v)) })
}

// FloatSlider is an ipywidgets FloatSlider.
type FloatSlider struct{ *Model }

// NewFloatSlider makes a slider over [min, max] by step at value.
func NewFloatSlider(description string, min, max, step, value float64) *FloatSlider {
	st := with(describedState(description, "SliderStyleModel", map[string]any{"description_width": "", "handle_color": nil}), map[string]any{
		"min": min, "max": max, "step": step, "value": value,
		"behavior": "drag-tap", "continuous_update": true, "orientation": "horizontal",
		"readout": true, "readout_format": ".2f",
	})
	return &FloatSlider{NewModel(controlSpec("FloatSlider"), st)}
}

// Value is the slider's value.
func (s *FloatSlider) Value() float64 { return toFloat(s.Get("value")) }

// SetValue moves the slider.
func (s *FloatSlider) SetValue(v float64) { s.Set("value", v) }

// OnChange calls fn with each new value.
func (s *FloatSlider) OnChange(fn func(float64)) (cancel func()) {
	return s.Observe("value", func(v any) { fn(toFloat(v)) })
}

// Checkbox is an ipywidgets Checkbox.
type Checkbox struct{ *Model }

// NewCheckbox makes a checkbox.
func NewCheckbox(description string, value bool) *Checkbox {
	st := with(describedState(description, "CheckboxStyleModel", map[string]any{"description_width": "", "background": nil}), map[string]any{
		"value": value, "indent": true,
	})
	return &Checkbox{NewModel(controlSpec("Checkbox"), st)}
}

// Value reports whether the box is checked.
func (c *Checkbox) Value() bool { v, _ := c.Get("value").(bool); return v }

// SetValue checks or clears the box.
func (c *Checkbox) SetValue(v bool) { c.Set("value", v) }

// OnChange calls fn with each new value.
func (c *Checkbox) OnChange(fn func(bool)) (cancel func()) {
	return c.Observe("value", func(v any) { b, _ := v.(bool); fn(b) })
}

// Text is an ipywidgets Text (one-line input).
type Text struct{ *Model }

// NewText makes a text input.
func NewText(description, value string) *Text {
	st := with(describedState(description, "TextStyleModel", map[string]any{
		"description_width": "", "background": nil, "font_size": nil, "text_color": nil,
	}), map[string]any{
		"value": value, "placeholder": "\u200b", "continuous_update": true,
	})
	return &Text{NewModel(controlSpec("Text"), st)}
}

// Value is the text.
func (t *Text) Value() string { s, _ := t.Get("value").(string); return s }

// SetValue replaces the text.
func (t *Text) SetValue(v string) { t.Set("value", v) }

// OnChange calls fn with each new text.
func (t *Text) OnChange(fn func(string)) (cancel func()) {
	return t.Observe("value", func(v any) { s, _ := v.(string); fn(s) })
}

// Dropdown is an ipywidgets Dropdown over string options. The front end
// syncs the selected index ("index"); Value is the option at it.
type Dropdown struct{ *Model }

// NewDropdown makes a dropdown selecting value among options (the first
// when value is not one of them).
func NewDropdown(description string, options []string, value string) *Dropdown {
	idx := 0
	labels := make([]any, len(options))
	for i, o := range options {
		labels[i] = o
		if o == value {
			idx = i
		}
	}
	var index any = idx
	if len(options) == 0 {
		index = nil
	}
	st := with(describedState(description, "DescriptionStyleModel", map[string]any{"description_width": ""}), map[string]any{
		"_options_labels": labels, "index": index,
	})
	return &Dropdown{NewModel(controlSpec("Dropdown"), st)}
}

// Options are the dropdown's labels.
func (d *Dropdown) Options() []string {
	l, _ := d.Get("_options_labels").([]any)
	out := make([]string, len(l))
	for i, v := range l {
		out[i], _ = v.(string)
	}
	return out
}

// Index is the selected index (-1 for none).
func (d *Dropdown) Index() int {
	v := d.Get("index")
	if v == nil {
		return -1
	}
	return toInt(v)
}

// Value is the selected option ("" for none).
func (d *Dropdown) Value() string {
	opts, i := d.Options(), d.Index()
	if i < 0 || i >= len(opts) {
		return ""
	}
	return opts[i]
}

// SetValue selects the option v; an unknown option selects nothing.
func (d *Dropdown) SetValue(v string) {
	for i, o := range d.Options() {
		if o == v {
			d.Set("index", i)
			return
		}
	}
	d.Set("index", nil)
}

// OnChange calls fn with each newly selected option.
func (d *Dropdown) OnChange(fn func(string)) (cancel func()) {
	return d.Observe("index", func(any) { fn(d.Value()) })
}

// Button is an ipywidgets Button.
type Button struct{ *Model }

// NewButton makes a button labelled description.
func NewButton(description string) *Button {
	st := with(domState("ButtonStyleModel", map[string]any{
		"button_color": nil, "font_family": nil, "font_size": nil, "font_style": nil,
		"font_variant": nil, "font_weight": nil, "text_color": nil, "text_decoration": nil,
	}), map[string]any{
		"description": description, "disabled": false, "button_style": "", "icon": "",
	})
	return &Button{NewModel(controlSpec("Button"), st)}
}

// OnClick calls fn each time a view's button is clicked (the view sends the
// custom message {"event": "click"}).
func (b *Button) OnClick(fn func()) (cancel func()) {
	return b.OnMessage(func(content map[string]any, _ [][]byte) {
		if content["event"] == "click" {
			fn()
		}
	})
}

// Box is an ipywidgets HBox or VBox: its children are shown in a row or a
// column.
type Box struct{ *Model }

// NewHBox lays children out in a row.
func NewHBox(children ...Widget) *Box { return newBox("HBox", children) }

// NewVBox lays children out in a column.
func NewVBox(children ...Widget) *Box { return newBox("VBox", children) }

func newBox(name string, children []Widget) *Box {
	st := with(domState("", nil), map[string]any{"box_style": "", "children": models(children)})
	return &Box{NewModel(controlSpec(name), st)}
}

// SetChildren replaces the box's children.
func (b *Box) SetChildren(children ...Widget) { b.Set("children", models(children)) }

func models(ws []Widget) []*Model {
	out := make([]*Model, len(ws))
	for i, w := range ws {
		out[i] = w.WidgetModel()
	}
	return out
}
